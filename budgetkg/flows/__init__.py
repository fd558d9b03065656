"""The funding-flow explorer: the flow graph of the general public budget, its JSON data, the offline
HTML page that draws it (Apache ECharts and a CJK font vendored in ``assets/``) and its GraphML.

``records`` runs the flow questions, ``graph`` builds the graph, ``grouping`` merges small flows,
``data`` writes the JSON the page draws, ``page`` the HTML, ``fonts`` the embedded font, ``graphml``
the GraphML, and ``web`` answers ``/flows`` in ``budgetkg serve``.
"""
