"""Wagtail pages: home, standard pages, news, call for projects, showcase, legal pages."""
