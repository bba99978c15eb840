"""The scanner agent: runs on the scanner PC, captures through SANE, uploads over HTTP."""
