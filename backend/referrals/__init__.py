"""Advocacy referrals: the advocacy service's queue, from referral to appointment."""
