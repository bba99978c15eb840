"""The scanner station: a local web page over the agent (``scanner-agent station``)."""
