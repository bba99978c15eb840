"""Web defences of the portal: response headers, sign-in lockout, staff session idle time."""
