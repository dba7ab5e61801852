"""Occupation coding: job postings -> O*NET-SOC 2019 codes with confidence, evidence and skills.

The classifier lands here as a scikit-learn estimator (see the coding-engine issue).
"""
