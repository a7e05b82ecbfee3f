"""Domain core: territories, actors, people, projects, partnerships, evaluation, calls."""
