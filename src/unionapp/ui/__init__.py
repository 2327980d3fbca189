"""Qt user interface: calls services, never SQL."""
