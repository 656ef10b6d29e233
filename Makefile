# De to kommandoer, en nykommer har brug for (app og test), og en tredje til en organisation (hub). Se README.md.
.PHONY: app test hub

app:  ## Sæt alt op og start apps'ene med Voilà på eksempeldata
	scripts/app.sh

test:  ## Sæt alt op og kør hele testpakken
	scripts/test.sh

hub:  ## Start apps'ene bag JupyterHub med login og PostgreSQL (docs/hub.md)
	scripts/hub.sh
