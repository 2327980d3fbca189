"""The 会员 area: the members tab, the member form, groups and a member's history."""
