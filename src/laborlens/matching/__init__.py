"""People matching: a resume or a few plain words -> related occupations, the reasons and the gaps."""
