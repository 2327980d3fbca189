"""The 走访慰问 area: the register, the visit form, types and standards, summaries."""
