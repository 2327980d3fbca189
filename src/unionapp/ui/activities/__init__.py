"""The 活动与发放 area: handouts (发放) with their spending rules, and the pages the area adds."""
