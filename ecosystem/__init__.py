"""Domain core: people, territories (and what a typed place means), actors, memberships, projects,
partnerships, partner slots, supports, evaluation (markers, assessments, indicators), taxonomies,
notifications; ``actions/`` (every write), ``access`` (every permission), ``registry`` (the URLs and
« Mon espace » sections the upper apps give the domain)."""
