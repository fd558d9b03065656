"""The funding-flow explorer: the flow graph of the general public budget, its JSON data, the offline
HTML page that draws it (Apache ECharts and a CJK font vendored in ``assets/``) and its GraphML.

``records`` runs the flow questions, ``documents`` decides what each document is drawn from,
``classification`` builds a document's tree of functions, ``department`` draws one document with the
``builder``, ``graph`` builds the graph, ``data`` writes the JSON the page draws, ``links`` where the
offline page links to source files, ``page`` the HTML, ``fonts`` the embedded font, ``graphml`` the
GraphML, ``output`` the command, and ``web`` answers ``/flows`` in ``budgetkg serve``.
"""
