"""The confirmation round: mission states (`states.csv`), doctors' answers, and what a re-plan
round changed and why. Files only; the round's solve is `roster.app.round`."""
