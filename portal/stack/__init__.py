"""Starting and stopping the local stack and the private services tests use."""
