"""Views of the programme: public pages, the facilitators' editor, personal agendas and calendar feeds."""
