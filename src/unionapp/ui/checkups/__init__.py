"""The 体检 area: campaigns, the people of a campaign, receipts and coverage."""
