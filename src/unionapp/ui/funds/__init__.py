"""The 经费 area: ledger, budget, dues and the funds charts."""
