"""The frame of the program: main window, overview, village and stage pages, audit view."""
