package api

import (
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/lumbung-id/lumbung/web"
)

// pagePrefix is where the map page's assets are served; the page itself is
// at "/".
const pagePrefix = "/web/"

// faviconPath is the page's icon, where browsers look for it unasked.
const faviconPath = "/favicon.ico"

// mountPage serves the planners' map page (package web) at "/" and its
// assets under pagePrefix. Only those paths: any other path keeps the
// API's problem+json 404. It warms, in the background, what the page's
// first view asks for.
func (s *Server) mountPage(m *mux.Router) {
	go s.warmPage()
	files := http.FileServer(http.FS(web.FS()))
	m.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, web.FS(), "index.html")
	})).Methods(http.MethodGet)
	// Browsers ask for /favicon.ico on any page they show, the API's JSON
	// included; answering it keeps their consoles (and the browser tests'
	// failed-request watch) clean.
	m.Handle(faviconPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("Content-Type", "image/x-icon") // not in Go's own table: do not depend on the host's
		http.ServeFileFS(w, r, web.FS(), "favicon.ico")
	})).Methods(http.MethodGet)
	assets := http.StripPrefix(strings.TrimSuffix(pagePrefix, "/"), files)
	m.PathPrefix(pagePrefix).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") { // no directory listings
			http.NotFound(w, r)
			return
		}
		if strings.HasPrefix(r.URL.Path, pagePrefix+"vendor/") {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		assets.ServeHTTP(w, r)
	})).Methods(http.MethodGet)
}

// warmPage builds the farm hexagons of the low-zoom tiles and the default
// supply layer (/v1/cells?res=6) before the first page asks: both are
// cached once built, so this moves a few hundred milliseconds off the first
// render. Failures are left for the request to report.
func (s *Server) warmPage() {
	for z := 5; z < farmPointZoom; z += 2 {
		if _, err := s.tiles.cellsAt(farmCellRes(z)); err != nil {
			return
		}
	}
	key := cellKey{res: 6, commodity: -1}
	body, err := s.buildCells(key)
	if err != nil {
		return
	}
	s.cellsMu.Lock()
	if _, ok := s.cells[key]; !ok {
		s.cells[key] = body
	}
	s.cellsMu.Unlock()
}
