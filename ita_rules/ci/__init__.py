"""CI support for `ita check`: config file, waivers, baselines, exit policy and SARIF/JUnit/GitHub output."""
