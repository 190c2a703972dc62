"""Search: the Pagefind index of the built site."""
