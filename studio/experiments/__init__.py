"""A/B experiments: results from the channels in (aggregates per asset and day), Beta-Binomial decisions
between variants, and what generation learns from the winners. See docs/experiments.md."""
