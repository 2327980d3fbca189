"""Pure domain rules of the union app: no Qt, no SQL, messages in Chinese."""
