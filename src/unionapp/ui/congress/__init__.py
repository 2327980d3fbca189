"""The 教代会 tab: terms and delegates, sessions with their sign-in and resolutions, proposals."""
