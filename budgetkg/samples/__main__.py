"""``python -m budgetkg.samples [DIRECTORY]``: write the sample documents."""

from budgetkg.samples.write import main

raise SystemExit(main())
