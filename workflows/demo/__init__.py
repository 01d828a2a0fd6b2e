"""The demo township, built through the real workflows of every domain."""
