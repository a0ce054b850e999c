"""GUI tests: Qt widgets offscreen through pytest-qt (the gui marker), mounting ones included."""
