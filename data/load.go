package data

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/lumbung-id/lumbung/geo"
)

// Sentinel errors wrapped by LoadError, for errors.Is.
var (
	// ErrSyntax reports a file that is not valid JSON/GeoJSON or has a field
	// of the wrong type or an unknown field (usually a typo).
	ErrSyntax = errors.New("data: syntax error")
	// ErrMissingField reports a required field that is absent or empty.
	ErrMissingField = errors.New("data: missing field")
	// ErrUnknownRef reports a reference (junction, port, commodity,
	// province, file) that does not exist.
	ErrUnknownRef = errors.New("data: unknown reference")
	// ErrDuplicateID reports an ID used twice within one kind.
	ErrDuplicateID = errors.New("data: duplicate id")
	// ErrRange reports a value outside its allowed range: a coordinate, a
	// negative capacity, a zero speed, an unknown class.
	ErrRange = errors.New("data: value out of range")
	// ErrGeometry reports a geometry of the wrong type or shape, such as a
	// road whose polyline does not start at its junction.
	ErrGeometry = errors.New("data: bad geometry")
	// ErrDisconnected reports a road network in which some junction cannot
	// be reached from the others.
	ErrDisconnected = errors.New("data: network not connected")
	// ErrInconsistent reports data that is valid piece by piece but not as a
	// whole, e.g. a commodity that needs a reefer when no vehicle has one.
	ErrInconsistent = errors.New("data: inconsistent data")
)

// LoadError is the error returned by Load: it names the file (relative to
// the dataset directory), the feature (an ID, or "#i" for the i-th entry
// without one) and the field at fault. Err wraps one of the sentinel errors
// or an fs error.
type LoadError struct {
	File, Feature, Field string
	Err                  error
}

// Error formats as `roads.geojson: feature "x": field "from": unknown junction "y"`.
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Feature != "" {
		fmt.Fprintf(&b, ": feature %q", e.Feature)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %q", e.Field)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *LoadError) Unwrap() error { return e.Err }

// loadDetail carries a specific message while unwrapping to a sentinel, so that
// the message reads naturally ("unknown junction \"x\"") and errors.Is still
// matches the sentinel.
type loadDetail struct {
	kind error
	msg  string
}

func (d *loadDetail) Error() string { return d.msg }
func (d *loadDetail) Unwrap() error { return d.kind }

// errLoc locates errors inside one file.
type errLoc struct{ file, geoFeature string }

func (w errLoc) at(geoFeature string) errLoc { return errLoc{w.file, geoFeature} }

func (w errLoc) fail(field string, kind error, format string, args ...any) error {
	return &LoadError{File: w.file, Feature: w.geoFeature, Field: field, Err: &loadDetail{kind, fmt.Sprintf(format, args...)}}
}

// Dataset files, relative to the dataset directory.
const (
	fileDataset     = "dataset.json"
	fileCommodities = "commodities.json"
	fileRegencies   = "regencies.json"
	fileRoads       = "roads.geojson"
	fileFerries     = "ferries.json"
	fileMarkets     = "markets.geojson"
	fileVehicles    = "vehicles.json"
	fileFeeder      = "feeder.json"
	fileFarms       = "farms.json"
	fileTolls       = "tolls.json"
)

// DefaultName is the name of the embedded default dataset.
const DefaultName = "lampung-jakarta"

//go:embed lampung-jakarta
var embedded embed.FS

var (
	defaultOnce sync.Once
	defaultSet  *Dataset
	defaultErr  error
)

// Default returns the embedded "lampung-jakarta" dataset. It is loaded once
// on first use and shared: callers must treat it as read-only.
func Default() (*Dataset, error) {
	defaultOnce.Do(func() { defaultSet, defaultErr = loadDefault() })
	return defaultSet, defaultErr
}

// loadDefault loads the embedded dataset afresh (the benchmark uses it to
// bypass the sync.Once).
func loadDefault() (*Dataset, error) { return Load(embedded, DefaultName) }

// Load reads and validates the dataset in directory dir of fsys and generates
// its farms. The directory holds:
//
//	dataset.json       name, description, provinces (code, name, boundary
//	                   file), planner defaults, dated restrictions
//	commodities.json   commodities (price, seasonality, perishability)
//	regencies.json     regencies: seat, boundary file, production figures,
//	                   optional farm placement (polygon file, anchors, radius)
//	roads.geojson      junctions (Point features) and roads (LineString
//	                   features whose properties name the from/to junctions)
//	tolls.json         published toll tariffs per section (optional)
//	ferries.json       ports and ferry services (fleet, seasons, tariffs)
//	markets.geojson    buyers (Point features) with daily demand and
//	                   optional receiving_hours (open, close "HH:MM" WIB)
//	vehicles.json      truck classes
//	feeder.json        off-network link parameters
//	farms.json         farm generation parameters (seed, count, sizes)
//	protected.geojson  optional: protected areas (Polygon features) where no
//	                   farm is placed
//	road_restrictions.json
//	                   optional: daily time windows during which vehicles
//	                   of a toll class and up may not enter listed roads
//	admin/…            boundary polygons referenced by the files above
//
// See the package documentation for what a successful load guarantees.
func Load(fsys fs.FS, dir string) (*Dataset, error) {
	l := &dsLoader{fsys: fsys, dir: dir, polys: map[string]orb.MultiPolygon{}}
	return l.load()
}

type dsLoader struct {
	fsys  fs.FS
	dir   string
	ds    Dataset
	polys map[string]orb.MultiPolygon // boundary files by path, parsed once

	commodityIdx map[string]int
	provinceIdx  map[string]int
	junctionIdx  map[string]int
	portIdx      map[string]int
	placements   []placementSpec // per regency
	farmCfg      farmConfig
	planner      *plannerJSON      // from dataset.json, checked once all else is loaded
	restrictions []restrictionJSON // likewise
}

func (l *dsLoader) load() (*Dataset, error) {
	steps := []func() error{
		l.loadDataset, l.loadCommodities, l.loadRegencies, l.loadRoads, l.loadTolls,
		l.loadFerries, l.loadMarkets, l.loadVehicles, l.loadFeeder,
		l.checkNetwork, l.checkReach, l.loadFarmConfig, l.loadPlanner, l.loadRestrictions,
		l.loadProtected, l.loadRoadRestrictions,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	farms, err := generateFarms(&l.ds, l.placements, l.farmCfg, l.polyFor)
	if err != nil {
		return nil, err
	}
	l.ds.Farms = farms
	return &l.ds, nil
}

// read returns a file's bytes, wrapping fs errors in a LoadError.
func (l *dsLoader) read(name string) ([]byte, error) {
	b, err := fs.ReadFile(l.fsys, path.Join(l.dir, name))
	if err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	return b, nil
}

// decodeStrict decodes JSON rejecting unknown fields, which in hand-edited
// files are nearly always typos that would otherwise silently read as zero.
func decodeStrict(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func (l *dsLoader) readJSON(name string, v any) error {
	b, err := l.read(name)
	if err != nil {
		return err
	}
	if err := decodeStrict(b, v); err != nil {
		return &LoadError{File: name, Err: &loadDetail{ErrSyntax, err.Error()}}
	}
	return nil
}

// geoFeature is a GeoJSON feature whose properties are decoded later into a
// typed struct.
type geoFeature struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

type geoFeatureCollection struct {
	Type     string       `json:"type"`
	Features []geoFeature `json:"features"`
	BBox     []float64    `json:"bbox,omitempty"`
}

// featureID returns the feature's id, or "#i" when it has none (the error
// then reports the missing id).
func featureID(f geoFeature, i int) (string, bool) {
	if len(f.ID) == 0 || string(f.ID) == "null" {
		return "#" + strconv.Itoa(i), false
	}
	var s string
	if err := json.Unmarshal(f.ID, &s); err == nil {
		if s == "" {
			return "#" + strconv.Itoa(i), false
		}
		return s, true
	}
	return strings.Trim(string(f.ID), `"`), true
}

// idFeature is a feature with its checked ID and error locator.
type idFeature struct {
	f  geoFeature
	id string
	at errLoc
}

// uniqueFeatures reads a GeoJSON file whose features each need an ID of
// their own: a missing or repeated ID is a load error naming the kind.
func (l *dsLoader) uniqueFeatures(file, kind string) ([]idFeature, error) {
	feats, err := l.readFeatures(file)
	if err != nil {
		return nil, err
	}
	w := errLoc{file: file}
	out := make([]idFeature, len(feats))
	seen := make(map[string]bool, len(feats))
	for i, f := range feats {
		id, ok := featureID(f, i)
		fw := w.at(id)
		if !ok {
			return nil, fw.fail("id", ErrMissingField, "feature id is required")
		}
		if seen[id] {
			return nil, fw.fail("id", ErrDuplicateID, "duplicate %s %q", kind, id)
		}
		seen[id] = true
		out[i] = idFeature{f, id, fw}
	}
	return out, nil
}

func (l *dsLoader) readFeatures(name string) ([]geoFeature, error) {
	var fc geoFeatureCollection
	if err := l.readJSON(name, &fc); err != nil {
		return nil, err
	}
	if fc.Type != "FeatureCollection" {
		return nil, errLoc{file: name}.fail("type", ErrGeometry, "want a FeatureCollection, got %q", fc.Type)
	}
	return fc.Features, nil
}

func parseGeometry(raw json.RawMessage) (orb.Geometry, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errors.New("geometry is missing")
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, err
	}
	return g.Geometry(), nil
}

// checkPoint validates a lon,lat point.
func checkPoint(w errLoc, field string, p orb.Point) error {
	if err := geo.Validate(p); err != nil {
		return w.fail(field, ErrRange, "bad coordinate %v: %v", [2]float64(p), err)
	}
	return nil
}

func checkLine(w errLoc, field string, ls orb.LineString) error {
	for i, p := range ls {
		if err := geo.Validate(p); err != nil {
			return w.fail(field, ErrRange, "vertex %d: bad coordinate %v: %v", i, [2]float64(p), err)
		}
	}
	return nil
}

// checkPositive reports an error unless v is a finite number > 0.
func checkPositive(w errLoc, field string, v *float64) error {
	if v == nil {
		return w.fail(field, ErrMissingField, "required")
	}
	if !(*v > 0) || math.IsInf(*v, 0) {
		return w.fail(field, ErrRange, "must be positive, got %g", *v)
	}
	return nil
}

// checkNonNegative reports an error unless v is a finite number ≥ 0.
func checkNonNegative(w errLoc, field string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return w.fail(field, ErrRange, "must be zero or positive, got %g", v)
	}
	return nil
}

func checkRequired(w errLoc, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return w.fail(field, ErrMissingField, "required")
	}
	return nil
}

// polygon reads a boundary file (a FeatureCollection of Polygon/MultiPolygon
// features, or a bare geometry) once and returns the union of its polygons.
func (l *dsLoader) polygon(w errLoc, field, name string) (orb.MultiPolygon, error) {
	if mp, ok := l.polys[name]; ok {
		return mp, nil
	}
	b, err := fs.ReadFile(l.fsys, path.Join(l.dir, name))
	if err != nil {
		return nil, w.fail(field, ErrUnknownRef, "boundary file %q: %v", name, err)
	}
	var geoms []orb.Geometry
	if fc, err := geojson.UnmarshalFeatureCollection(b); err == nil && fc.Type == "FeatureCollection" {
		for _, f := range fc.Features {
			geoms = append(geoms, f.Geometry)
		}
	} else if g, err := geojson.UnmarshalGeometry(b); err == nil {
		geoms = append(geoms, g.Geometry())
	} else {
		return nil, &LoadError{File: name, Err: &loadDetail{ErrSyntax, err.Error()}}
	}
	var mp orb.MultiPolygon
	for _, g := range geoms {
		switch g := g.(type) {
		case orb.Polygon:
			mp = append(mp, g)
		case orb.MultiPolygon:
			mp = append(mp, g...)
		default:
			return nil, &LoadError{File: name, Err: &loadDetail{ErrGeometry, fmt.Sprintf("want Polygon or MultiPolygon, got %T", g)}}
		}
	}
	if len(mp) == 0 {
		return nil, &LoadError{File: name, Err: &loadDetail{ErrGeometry, "no polygon"}}
	}
	for i, poly := range mp {
		for j, ring := range poly {
			if len(ring) < 4 {
				return nil, &LoadError{File: name, Err: &loadDetail{ErrGeometry, fmt.Sprintf("polygon %d ring %d has %d points, want ≥ 4", i, j, len(ring))}}
			}
			if err := checkLine(errLoc{file: name}, "coordinates", orb.LineString(ring)); err != nil {
				return nil, err
			}
		}
	}
	l.polys[name] = mp
	return mp, nil
}

// polyFor returns an already loaded boundary (farm generation only uses files
// validated earlier).
func (l *dsLoader) polyFor(name string) orb.MultiPolygon { return l.polys[name] }

// ---- dataset.json --------------------------------------------------------

type datasetJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Provinces   []struct {
		Code     string `json:"code"`
		Name     string `json:"name"`
		Boundary string `json:"boundary"`
	} `json:"provinces"`
	Planner      *plannerJSON      `json:"planner"`
	Restrictions []restrictionJSON `json:"restrictions"`
}

func (l *dsLoader) loadDataset() error {
	var f datasetJSON
	if err := l.readJSON(fileDataset, &f); err != nil {
		return err
	}
	w := errLoc{file: fileDataset}
	if err := checkRequired(w, "name", f.Name); err != nil {
		return err
	}
	l.ds.Name = f.Name
	l.planner, l.restrictions = f.Planner, f.Restrictions
	l.provinceIdx = map[string]int{}
	for i, p := range f.Provinces {
		pw := w.at(p.Code)
		if p.Code == "" {
			pw = w.at("#" + strconv.Itoa(i))
		}
		if err := checkRequired(pw, "code", p.Code); err != nil {
			return err
		}
		if err := checkRequired(pw, "name", p.Name); err != nil {
			return err
		}
		if err := checkRequired(pw, "boundary", p.Boundary); err != nil {
			return err
		}
		if _, dup := l.provinceIdx[p.Code]; dup {
			return pw.fail("code", ErrDuplicateID, "duplicate province %q", p.Code)
		}
		mp, err := l.polygon(pw, "boundary", p.Boundary)
		if err != nil {
			return err
		}
		l.provinceIdx[p.Code] = len(l.ds.Provinces)
		l.ds.Provinces = append(l.ds.Provinces, Province{Code: p.Code, Name: p.Name, Boundary: mp})
	}
	if len(l.ds.Provinces) == 0 {
		return w.fail("provinces", ErrMissingField, "at least one province is required")
	}
	return nil
}

// ---- commodities.json ----------------------------------------------------

type commodityJSON struct {
	ID                      string    `json:"id"`
	Name                    string    `json:"name"`
	MaxTransitHours         float64   `json:"max_transit_hours"`
	SpoilageIDRPerTonneHour float64   `json:"spoilage_idr_per_tonne_hour"`
	NeedsReefer             bool      `json:"needs_reefer"`
	PriceIDRPerTonne        *float64  `json:"price_idr_per_tonne"`
	Seasonality             []float64 `json:"seasonality"`
	Source                  string    `json:"source"`
	Estimate                bool      `json:"estimate"`
}

func (l *dsLoader) loadCommodities() error {
	var list []commodityJSON
	if err := l.readJSON(fileCommodities, &list); err != nil {
		return err
	}
	w := errLoc{file: fileCommodities}
	l.commodityIdx = map[string]int{}
	for i, c := range list {
		cw := w.at(c.ID)
		if c.ID == "" {
			cw = w.at("#" + strconv.Itoa(i))
		}
		if err := checkRequired(cw, "id", c.ID); err != nil {
			return err
		}
		if _, dup := l.commodityIdx[c.ID]; dup {
			return cw.fail("id", ErrDuplicateID, "duplicate commodity %q", c.ID)
		}
		if err := checkRequired(cw, "name", c.Name); err != nil {
			return err
		}
		if err := checkRequired(cw, "source", c.Source); err != nil {
			return err
		}
		if err := checkPositive(cw, "price_idr_per_tonne", c.PriceIDRPerTonne); err != nil {
			return err
		}
		if err := checkNonNegative(cw, "max_transit_hours", c.MaxTransitHours); err != nil {
			return err
		}
		if err := checkNonNegative(cw, "spoilage_idr_per_tonne_hour", c.SpoilageIDRPerTonneHour); err != nil {
			return err
		}
		if len(c.Seasonality) != 12 {
			return cw.fail("seasonality", ErrRange, "want 12 monthly factors, got %d", len(c.Seasonality))
		}
		var season [12]float64
		sum := 0.0
		for m, v := range c.Seasonality {
			if err := checkNonNegative(cw, "seasonality", v); err != nil {
				return err
			}
			season[m] = v
			sum += v
		}
		if math.Abs(sum/12-1) > 1e-9 {
			return cw.fail("seasonality", ErrRange, "monthly factors must have mean 1, got %.12g", sum/12)
		}
		l.commodityIdx[c.ID] = len(l.ds.Commodities)
		l.ds.Commodities = append(l.ds.Commodities, Commodity{
			ID: c.ID, Name: c.Name, MaxTransitHours: c.MaxTransitHours,
			SpoilageIDRPerTonneHour: c.SpoilageIDRPerTonneHour, NeedsReefer: c.NeedsReefer,
			PriceIDRPerTonne: *c.PriceIDRPerTonne, Seasonality: season,
			Source: c.Source, Estimate: c.Estimate,
		})
	}
	if len(l.ds.Commodities) == 0 {
		return w.fail("", ErrMissingField, "at least one commodity is required")
	}
	if len(l.ds.Commodities) > math.MaxUint8+1 {
		return w.fail("", ErrRange, "at most %d commodities fit Farm.Commodity", math.MaxUint8+1)
	}
	return nil
}

// ---- regencies.json ------------------------------------------------------

type figureJSON struct {
	Value    *float64 `json:"value"`
	Year     int      `json:"year"`
	Source   string   `json:"source"`
	Estimate bool     `json:"estimate"`
}

func (l *dsLoader) figure(w errLoc, field string, f figureJSON) (Figure, error) {
	if f.Value == nil {
		return Figure{}, w.fail(field, ErrMissingField, "value is required")
	}
	if err := checkNonNegative(w, field, *f.Value); err != nil {
		return Figure{}, err
	}
	if f.Year != 0 && (f.Year < 1900 || f.Year > 2100) {
		return Figure{}, w.fail(field, ErrRange, "year %d out of range", f.Year)
	}
	if strings.TrimSpace(f.Source) == "" {
		return Figure{}, w.fail(field, ErrMissingField, "source is required")
	}
	return Figure{Value: *f.Value, Year: f.Year, Source: f.Source, Estimate: f.Estimate}, nil
}

type regencyJSON struct {
	Code         string                `json:"code"`
	Name         string                `json:"name"`
	Province     string                `json:"province"`
	SeatName     string                `json:"seat_name"`
	Seat         *orb.Point            `json:"seat"`
	SeatSource   string                `json:"seat_source"`
	Boundary     string                `json:"boundary"`
	BoundaryNote string                `json:"boundary_note"`
	Placement    *placementJSON        `json:"placement"`
	Production   map[string]figureJSON `json:"production"`
}

type placementJSON struct {
	Polygon  string      `json:"polygon"`
	Anchors  []orb.Point `json:"anchors"`
	RadiusKm float64     `json:"radius_km"`
	Note     string      `json:"note"`
}

func (l *dsLoader) loadRegencies() error {
	var list []regencyJSON
	if err := l.readJSON(fileRegencies, &list); err != nil {
		return err
	}
	w := errLoc{file: fileRegencies}
	seen := map[string]bool{}
	for i, r := range list {
		rw := w.at(r.Code)
		if r.Code == "" {
			rw = w.at("#" + strconv.Itoa(i))
		}
		for _, f := range [][2]string{{"code", r.Code}, {"name", r.Name}, {"province", r.Province}, {"seat_name", r.SeatName}} {
			if err := checkRequired(rw, f[0], f[1]); err != nil {
				return err
			}
		}
		if seen[r.Code] {
			return rw.fail("code", ErrDuplicateID, "duplicate regency %q", r.Code)
		}
		seen[r.Code] = true
		pi, ok := l.provinceIdx[r.Province]
		if !ok {
			return rw.fail("province", ErrUnknownRef, "unknown province %q", r.Province)
		}
		if r.Seat == nil {
			return rw.fail("seat", ErrMissingField, "required")
		}
		if err := checkPoint(rw, "seat", *r.Seat); err != nil {
			return err
		}
		reg := Regency{Code: r.Code, Name: r.Name, SeatName: r.SeatName, Seat: *r.Seat, Production: map[string]Figure{}}
		if r.Boundary != "" {
			mp, err := l.polygon(rw, "boundary", r.Boundary)
			if err != nil {
				return err
			}
			reg.Boundary = mp
		}
		// Iterate production in commodity order so that the first error
		// reported is stable.
		for id := range r.Production {
			if _, ok := l.commodityIdx[id]; !ok {
				return rw.fail("production", ErrUnknownRef, "unknown commodity %q", id)
			}
		}
		for _, c := range l.ds.Commodities {
			f, ok := r.Production[c.ID]
			if !ok {
				continue
			}
			fig, err := l.figure(rw, "production."+c.ID, f)
			if err != nil {
				return err
			}
			reg.Production[c.ID] = fig
		}
		spec := placementSpec{province: pi, radiusM: 25000}
		switch {
		case r.Placement != nil:
			p := r.Placement
			spec.polygon = p.Polygon
			spec.radiusM = p.RadiusKm * 1000
			if err := checkNonNegative(rw, "placement.radius_km", p.RadiusKm); err != nil {
				return err
			}
			if p.Polygon != "" {
				if _, err := l.polygon(rw, "placement.polygon", p.Polygon); err != nil {
					return err
				}
			} else if reg.Boundary == nil && p.RadiusKm == 0 {
				spec.radiusM = 25000
			}
			for k, a := range p.Anchors {
				if err := checkPoint(rw, fmt.Sprintf("placement.anchors[%d]", k), a); err != nil {
					return err
				}
			}
			spec.anchors = p.Anchors
			if spec.polygon == "" {
				spec.polygon = r.Boundary
			}
		case r.Boundary != "":
			spec.polygon = r.Boundary
			spec.radiusM = 0
		}
		spec.needProvince = reg.Boundary == nil
		l.placements = append(l.placements, spec)
		l.ds.Regencies = append(l.ds.Regencies, reg)
	}
	if len(l.ds.Regencies) > math.MaxInt16 {
		return w.fail("", ErrRange, "at most %d regencies fit Farm.Regency", math.MaxInt16)
	}
	return nil
}

// ---- roads.geojson -------------------------------------------------------

var junctionKindList = []string{"junction", "toll_gate", "seat", "port", "market", "town"}

var roadClassList = []string{ClassToll, ClassTrunk, ClassPrimary, ClassSecondary}

type junctionJSON struct {
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Approximate bool   `json:"approximate"`
	Source      string `json:"source"`
}

type roadJSON struct {
	Name          string      `json:"name"`
	Ref           string      `json:"ref"`
	Class         string      `json:"class"`
	From          string      `json:"from"`
	To            string      `json:"to"`
	TruckSpeedKmh *float64    `json:"truck_speed_kmh"`
	TollIDR       *[5]float64 `json:"toll_idr"`
	Oneway        bool        `json:"oneway"`
	Approximate   bool        `json:"approximate"`
	Source        string      `json:"source"`
	// LengthKmInfo is informational (written by the generator for human
	// readers); the geometry is authoritative.
	LengthKmInfo float64 `json:"length_km_info"`
	TollSource   string  `json:"toll_source"`
	TollEstimate bool    `json:"toll_estimate"`
}

// roadEndTolerance is how far a road polyline's first/last vertex may lie from
// its junction: enough for rounding, too little to hide a wrong junction.
const roadEndTolerance = 100 // metres

func (l *dsLoader) loadRoads() error {
	feats, err := l.readFeatures(fileRoads)
	if err != nil {
		return err
	}
	w := errLoc{file: fileRoads}
	l.junctionIdx = map[string]int{}
	type pendingRoad struct {
		w     errLoc
		id    string
		line  orb.LineString
		props roadJSON
	}
	var roads []pendingRoad
	roadIDs := map[string]bool{}
	// Junctions first, so that roads may precede the junctions they use.
	for i, f := range feats {
		id, ok := featureID(f, i)
		fw := w.at(id)
		if !ok {
			return fw.fail("id", ErrMissingField, "feature id is required")
		}
		g, err := parseGeometry(f.Geometry)
		if err != nil {
			return fw.fail("geometry", ErrGeometry, "%v", err)
		}
		switch g := g.(type) {
		case orb.Point:
			var p junctionJSON
			if err := decodeStrict(f.Properties, &p); err != nil {
				return fw.fail("properties", ErrSyntax, "%v", err)
			}
			if _, dup := l.junctionIdx[id]; dup {
				return fw.fail("id", ErrDuplicateID, "duplicate junction %q", id)
			}
			if err := checkRequired(fw, "name", p.Name); err != nil {
				return err
			}
			if err := checkRequired(fw, "kind", p.Kind); err != nil {
				return err
			}
			if !slices.Contains(junctionKindList, p.Kind) {
				return fw.fail("kind", ErrRange, "unknown junction kind %q (want one of %v)", p.Kind, junctionKindList)
			}
			if err := checkRequired(fw, "source", p.Source); err != nil {
				return err
			}
			if err := checkPoint(fw, "geometry", g); err != nil {
				return err
			}
			l.junctionIdx[id] = len(l.ds.Junctions)
			l.ds.Junctions = append(l.ds.Junctions, Junction{ID: id, Name: p.Name, Kind: p.Kind, Point: g, Approximate: p.Approximate, Source: p.Source})
		case orb.LineString:
			var p roadJSON
			if err := decodeStrict(f.Properties, &p); err != nil {
				return fw.fail("properties", ErrSyntax, "%v", err)
			}
			if roadIDs[id] {
				return fw.fail("id", ErrDuplicateID, "duplicate road %q", id)
			}
			roadIDs[id] = true
			roads = append(roads, pendingRoad{fw, id, g, p})
		default:
			return fw.fail("geometry", ErrGeometry, "want Point (junction) or LineString (road), got %s", g.GeoJSONType())
		}
	}
	if len(l.ds.Junctions) == 0 {
		return w.fail("", ErrMissingField, "no junctions")
	}
	for _, r := range roads {
		fw, p := r.w, r.props
		for _, f := range [][2]string{{"name", p.Name}, {"class", p.Class}, {"from", p.From}, {"to", p.To}, {"source", p.Source}} {
			if err := checkRequired(fw, f[0], f[1]); err != nil {
				return err
			}
		}
		if !slices.Contains(roadClassList, p.Class) {
			return fw.fail("class", ErrRange, "unknown road class %q (want one of %v)", p.Class, roadClassList)
		}
		fi, ok := l.junctionIdx[p.From]
		if !ok {
			return fw.fail("from", ErrUnknownRef, "unknown junction %q", p.From)
		}
		ti, ok := l.junctionIdx[p.To]
		if !ok {
			return fw.fail("to", ErrUnknownRef, "unknown junction %q", p.To)
		}
		if p.From == p.To {
			return fw.fail("to", ErrRange, "road starts and ends at junction %q", p.From)
		}
		if err := checkPositive(fw, "truck_speed_kmh", p.TruckSpeedKmh); err != nil {
			return err
		}
		if *p.TruckSpeedKmh > 130 {
			return fw.fail("truck_speed_kmh", ErrRange, "%g km/h exceeds 130", *p.TruckSpeedKmh)
		}
		var toll [5]float64
		if p.TollIDR != nil {
			toll = *p.TollIDR
		}
		for k, v := range toll {
			if err := checkNonNegative(fw, fmt.Sprintf("toll_idr[%d]", k), v); err != nil {
				return err
			}
			if v > 0 && p.Class != ClassToll {
				return fw.fail(fmt.Sprintf("toll_idr[%d]", k), ErrRange, "toll charged on a %s road", p.Class)
			}
		}
		if len(r.line) < 2 {
			return fw.fail("geometry", ErrGeometry, "a road needs at least 2 vertices, got %d", len(r.line))
		}
		if err := checkLine(fw, "geometry", r.line); err != nil {
			return err
		}
		from, to := l.ds.Junctions[fi].Point, l.ds.Junctions[ti].Point
		if d := geo.Distance(r.line[0], from); d > roadEndTolerance {
			return fw.fail("geometry", ErrGeometry, "first vertex is %.0f m from junction %q", float64(d), p.From)
		}
		if d := geo.Distance(r.line[len(r.line)-1], to); d > roadEndTolerance {
			return fw.fail("geometry", ErrGeometry, "last vertex is %.0f m from junction %q", float64(d), p.To)
		}
		src := p.Source
		if p.TollSource != "" {
			src += "; toll: " + p.TollSource
			if p.TollEstimate {
				src += " (toll is an estimate)"
			}
		}
		via := slices.Clone(r.line[1 : len(r.line)-1])
		if len(via) == 0 {
			via = nil
		}
		l.ds.Roads = append(l.ds.Roads, Road{
			ID: r.id, Name: p.Name, Ref: p.Ref, Class: p.Class, From: p.From, To: p.To,
			Via: via, TruckSpeedKmh: *p.TruckSpeedKmh, Toll: toll, Oneway: p.Oneway,
			Approximate: p.Approximate, Source: src,
		})
	}
	return nil
}

// ---- ferries.json --------------------------------------------------------

// FerryClasses lists the goods-vehicle ferry tariff classes (golongan) in
// increasing vehicle length.
var FerryClasses = []string{"IVB", "VB", "VIB", "VII", "VIII", "IX"}

type portJSON struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Point       *orb.Point `json:"point"`
	Junction    string     `json:"junction"`
	Approximate bool       `json:"approximate"`
	Source      string     `json:"source"`
}

type ferryJSON struct {
	ID                  string             `json:"id"`
	Name                string             `json:"name"`
	From                string             `json:"from"`
	To                  string             `json:"to"`
	CrossingMinutes     *float64           `json:"crossing_minutes"`
	PeakCrossingMinutes float64            `json:"peak_crossing_minutes"`
	Departures          []int              `json:"departures"`
	HeadwayMinutes      float64            `json:"headway_minutes"`
	Fleet               []shipJSON         `json:"fleet"`
	Availability        figureJSON         `json:"availability"`
	Tariff              map[string]float64 `json:"tariff"`
	TariffDate          string             `json:"tariff_date"`
	Seasons             []seasonJSON       `json:"seasons"`
	Source              string             `json:"source"`
}

// portGateDistance is how far a port may lie from its gate junction.
const portGateDistance = 5000 // metres

func (l *dsLoader) loadFerries() error {
	var f struct {
		Ports    []portJSON  `json:"ports"`
		Services []ferryJSON `json:"services"`
	}
	if err := l.readJSON(fileFerries, &f); err != nil {
		return err
	}
	w := errLoc{file: fileFerries}
	l.portIdx = map[string]int{}
	for i, p := range f.Ports {
		pw := w.at(p.ID)
		if p.ID == "" {
			pw = w.at("ports#" + strconv.Itoa(i))
		}
		for _, fl := range [][2]string{{"id", p.ID}, {"name", p.Name}, {"junction", p.Junction}, {"source", p.Source}} {
			if err := checkRequired(pw, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if _, dup := l.portIdx[p.ID]; dup {
			return pw.fail("id", ErrDuplicateID, "duplicate port %q", p.ID)
		}
		if p.Point == nil {
			return pw.fail("point", ErrMissingField, "required")
		}
		if err := checkPoint(pw, "point", *p.Point); err != nil {
			return err
		}
		ji, ok := l.junctionIdx[p.Junction]
		if !ok {
			return pw.fail("junction", ErrUnknownRef, "unknown junction %q", p.Junction)
		}
		if d := geo.Distance(*p.Point, l.ds.Junctions[ji].Point); d > portGateDistance {
			return pw.fail("junction", ErrGeometry, "junction %q is %.1f km from the port", p.Junction, d.Kilometers())
		}
		l.portIdx[p.ID] = len(l.ds.Ports)
		l.ds.Ports = append(l.ds.Ports, Port{ID: p.ID, Name: p.Name, Point: *p.Point, Junction: p.Junction, Approximate: p.Approximate, Source: p.Source})
	}
	seen := map[string]bool{}
	for i, s := range f.Services {
		sw := w.at(s.ID)
		if s.ID == "" {
			sw = w.at("services#" + strconv.Itoa(i))
		}
		for _, fl := range [][2]string{{"id", s.ID}, {"name", s.Name}, {"from", s.From}, {"to", s.To}, {"source", s.Source}} {
			if err := checkRequired(sw, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if seen[s.ID] {
			return sw.fail("id", ErrDuplicateID, "duplicate ferry service %q", s.ID)
		}
		seen[s.ID] = true
		if _, ok := l.portIdx[s.From]; !ok {
			return sw.fail("from", ErrUnknownRef, "unknown port %q", s.From)
		}
		if _, ok := l.portIdx[s.To]; !ok {
			return sw.fail("to", ErrUnknownRef, "unknown port %q", s.To)
		}
		if s.From == s.To {
			return sw.fail("to", ErrRange, "service starts and ends at port %q", s.From)
		}
		if err := checkPositive(sw, "crossing_minutes", s.CrossingMinutes); err != nil {
			return err
		}
		peak := s.PeakCrossingMinutes
		if peak == 0 {
			peak = *s.CrossingMinutes
		}
		if peak < *s.CrossingMinutes {
			return sw.fail("peak_crossing_minutes", ErrRange, "peak crossing %g min is shorter than the normal %g min", peak, *s.CrossingMinutes)
		}
		if err := checkNonNegative(sw, "headway_minutes", s.HeadwayMinutes); err != nil {
			return err
		}
		if len(s.Departures) == 0 && s.HeadwayMinutes == 0 {
			return sw.fail("departures", ErrMissingField, "need departures or a positive headway_minutes")
		}
		for k, d := range s.Departures {
			if d < 0 || d >= 24*60 {
				return sw.fail(fmt.Sprintf("departures[%d]", k), ErrRange, "%d is not a minute of the day (0..1439)", d)
			}
			if k > 0 && d <= s.Departures[k-1] {
				return sw.fail(fmt.Sprintf("departures[%d]", k), ErrRange, "departures must be strictly increasing")
			}
		}
		fleet, avail, deck, err := l.fleetDeck(sw, s)
		if err != nil {
			return err
		}
		seasons, err := parseSeasons(sw, s.Seasons)
		if err != nil {
			return err
		}
		if err := checkDate(sw, "tariff_date", s.TariffDate); err != nil {
			return err
		}
		tariff := map[string]float64{}
		for _, class := range sortedKeysOf(s.Tariff) {
			t := s.Tariff[class]
			if !slices.Contains(FerryClasses, class) {
				return sw.fail("tariff", ErrRange, "unknown golongan %q (want one of %v)", class, FerryClasses)
			}
			if err := checkNonNegative(sw, "tariff."+class, t); err != nil {
				return err
			}
			tariff[class] = t
		}
		l.ds.Ferries = append(l.ds.Ferries, FerryService{
			ID: s.ID, Name: s.Name, From: s.From, To: s.To,
			CrossingMinutes: *s.CrossingMinutes, PeakCrossingMinutes: peak,
			Departures: slices.Clone(s.Departures), HeadwayMinutes: s.HeadwayMinutes,
			Deck: deck, Fleet: fleet, Availability: avail, Tariff: tariff, TariffDate: s.TariffDate,
			Seasons: seasons, Source: s.Source,
		})
	}
	return nil
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ---- markets.geojson -----------------------------------------------------

type marketJSON struct {
	Name        string                `json:"name"`
	Kind        string                `json:"kind"`
	Approximate bool                  `json:"approximate"`
	Gate        string                `json:"gate"`
	Source      string                `json:"source"`
	Demand      map[string]figureJSON `json:"demand_tonnes_per_day"`
	Receiving   *receivingJSON        `json:"receiving_hours"`
}

// receivingJSON is a buyer's receiving hours: "HH:MM" local times.
type receivingJSON struct {
	Open     string `json:"open"`
	Close    string `json:"close"`
	Source   string `json:"source"`
	Estimate bool   `json:"estimate"`
}

// receiving validates a buyer's receiving hours (nil stays nil: around
// the clock).
func receiving(fw errLoc, rj *receivingJSON) (*Receiving, error) {
	if rj == nil {
		return nil, nil
	}
	out := &Receiving{Source: rj.Source, Estimate: rj.Estimate}
	for _, f := range []struct {
		name string
		s    string
		to   *float64
	}{{"open", rj.Open, &out.Open}, {"close", rj.Close, &out.Close}} {
		field := "receiving_hours." + f.name
		if err := checkRequired(fw, field, f.s); err != nil {
			return nil, err
		}
		h, err := clockHours(f.s)
		if err != nil {
			return nil, fw.fail(field, ErrRange, "%v", err)
		}
		*f.to = h
	}
	if err := checkRequired(fw, "receiving_hours.source", rj.Source); err != nil {
		return nil, err
	}
	return out, nil
}

// clockHours parses "HH:MM" (00:00–24:00) into hours since midnight.
func clockHours(s string) (float64, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%2d:%2d", &h, &m); n != 2 || err != nil || len(s) != 5 {
		return 0, fmt.Errorf("want HH:MM, got %q", s)
	}
	if h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("%q is not a time of day (00:00–24:00)", s)
	}
	return float64(h) + float64(m)/60, nil
}

func (l *dsLoader) loadMarkets() error {
	feats, err := l.uniqueFeatures(fileMarkets, "market")
	if err != nil {
		return err
	}
	for _, uf := range feats {
		f, id, fw := uf.f, uf.id, uf.at
		g, err := parseGeometry(f.Geometry)
		if err != nil {
			return fw.fail("geometry", ErrGeometry, "%v", err)
		}
		pt, ok := g.(orb.Point)
		if !ok {
			return fw.fail("geometry", ErrGeometry, "want Point, got %s", g.GeoJSONType())
		}
		if err := checkPoint(fw, "geometry", pt); err != nil {
			return err
		}
		var p marketJSON
		if err := decodeStrict(f.Properties, &p); err != nil {
			return fw.fail("properties", ErrSyntax, "%v", err)
		}
		for _, fl := range [][2]string{{"name", p.Name}, {"kind", p.Kind}, {"source", p.Source}} {
			if err := checkRequired(fw, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if p.Gate != "" {
			if _, ok := l.junctionIdx[p.Gate]; !ok {
				return fw.fail("gate", ErrUnknownRef, "unknown junction %q", p.Gate)
			}
		}
		if len(p.Demand) == 0 {
			return fw.fail("demand_tonnes_per_day", ErrMissingField, "a buyer needs demand for at least one commodity")
		}
		for _, c := range sortedKeysOf(p.Demand) {
			if _, ok := l.commodityIdx[c]; !ok {
				return fw.fail("demand_tonnes_per_day", ErrUnknownRef, "unknown commodity %q", c)
			}
		}
		demand := map[string]Figure{}
		for _, c := range l.ds.Commodities {
			d, ok := p.Demand[c.ID]
			if !ok {
				continue
			}
			fig, err := l.figure(fw, "demand_tonnes_per_day."+c.ID, d)
			if err != nil {
				return err
			}
			if !(fig.Value > 0) {
				return fw.fail("demand_tonnes_per_day."+c.ID, ErrRange, "demand must be positive, got %g", fig.Value)
			}
			demand[c.ID] = fig
		}
		rcv, err := receiving(fw, p.Receiving)
		if err != nil {
			return err
		}
		l.ds.Markets = append(l.ds.Markets, Market{ID: id, Name: p.Name, Kind: p.Kind, Point: pt, Approximate: p.Approximate,
			Demand: demand, Source: p.Source, Receiving: rcv})
	}
	return nil
}

// ---- vehicles.json -------------------------------------------------------

type vehicleJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	CapacityTonnes   *float64 `json:"capacity_tonnes"`
	MaxSpeedKmh      *float64 `json:"max_speed_kmh"`
	CostIDRPerKm     float64  `json:"cost_idr_per_km"`
	FuelLitresPerKm  float64  `json:"fuel_litres_per_km"`
	DriverIDRPerHour float64  `json:"driver_idr_per_hour"`
	TollClass        int      `json:"toll_class"`
	LengthM          *float64 `json:"length_m"`
	LengthSource     string   `json:"length_source"`
	Reefer           bool     `json:"reefer"`
	Estimate         bool     `json:"estimate"`
	Source           string   `json:"source"`
}

// maxVehicleLength bounds a road vehicle's length: Indonesian rules allow
// about 18 m for a tractor and semi-trailer, 21 m for a road train.
const maxVehicleLength = 25.0 // metres

func (l *dsLoader) loadVehicles() error {
	var list []vehicleJSON
	if err := l.readJSON(fileVehicles, &list); err != nil {
		return err
	}
	w := errLoc{file: fileVehicles}
	seen := map[string]bool{}
	reefer := false
	for i, v := range list {
		vw := w.at(v.ID)
		if v.ID == "" {
			vw = w.at("#" + strconv.Itoa(i))
		}
		for _, fl := range [][2]string{{"id", v.ID}, {"name", v.Name}, {"length_source", v.LengthSource}, {"source", v.Source}} {
			if err := checkRequired(vw, fl[0], fl[1]); err != nil {
				return err
			}
		}
		if seen[v.ID] {
			return vw.fail("id", ErrDuplicateID, "duplicate vehicle %q", v.ID)
		}
		seen[v.ID] = true
		if err := checkPositive(vw, "capacity_tonnes", v.CapacityTonnes); err != nil {
			return err
		}
		if err := checkPositive(vw, "max_speed_kmh", v.MaxSpeedKmh); err != nil {
			return err
		}
		if *v.MaxSpeedKmh > 130 {
			return vw.fail("max_speed_kmh", ErrRange, "%g km/h exceeds 130", *v.MaxSpeedKmh)
		}
		if err := checkNonNegative(vw, "cost_idr_per_km", v.CostIDRPerKm); err != nil {
			return err
		}
		if err := checkNonNegative(vw, "driver_idr_per_hour", v.DriverIDRPerHour); err != nil {
			return err
		}
		if err := checkNonNegative(vw, "fuel_litres_per_km", v.FuelLitresPerKm); err != nil {
			return err
		}
		if v.TollClass < 1 || v.TollClass > 5 {
			return vw.fail("toll_class", ErrRange, "toll class must be 1..5, got %d", v.TollClass)
		}
		if err := checkPositive(vw, "length_m", v.LengthM); err != nil {
			return err
		}
		if *v.LengthM > maxVehicleLength {
			return vw.fail("length_m", ErrRange, "%g m exceeds %g m", *v.LengthM, maxVehicleLength)
		}
		src := v.Source + "; length: " + v.LengthSource
		if v.Estimate && !strings.Contains(strings.ToLower(src), "estimate") {
			src += " (estimate)"
		}
		reefer = reefer || v.Reefer
		l.ds.Vehicles = append(l.ds.Vehicles, Vehicle{
			ID: v.ID, Name: v.Name, CapacityTonnes: *v.CapacityTonnes, MaxSpeedKmh: *v.MaxSpeedKmh,
			CostIDRPerKm: v.CostIDRPerKm, FuelLitresPerKm: v.FuelLitresPerKm, DriverIDRPerHour: v.DriverIDRPerHour,
			TollClass: v.TollClass, LengthM: *v.LengthM, FerryClass: FerryClassForLength(*v.LengthM),
			Reefer: v.Reefer, Source: src,
		})
	}
	if len(l.ds.Vehicles) == 0 {
		return w.fail("", ErrMissingField, "at least one vehicle is required")
	}
	for _, c := range l.ds.Commodities {
		if c.NeedsReefer && !reefer {
			return &LoadError{File: fileVehicles, Feature: c.ID, Field: "reefer",
				Err: &loadDetail{ErrInconsistent, fmt.Sprintf("commodity %q needs a reefer but no vehicle is refrigerated", c.ID)}}
		}
	}
	return nil
}

// ---- feeder.json ---------------------------------------------------------

func (l *dsLoader) loadFeeder() error {
	var f struct {
		Circuity      *float64 `json:"circuity"`
		SpeedKmh      *float64 `json:"speed_kmh"`
		MaxSnapMeters *float64 `json:"max_snap_meters"`
		Estimate      bool     `json:"estimate"`
		Source        string   `json:"source"`
	}
	if err := l.readJSON(fileFeeder, &f); err != nil {
		return err
	}
	w := errLoc{file: fileFeeder}
	if err := checkPositive(w, "circuity", f.Circuity); err != nil {
		return err
	}
	if *f.Circuity < 1 || *f.Circuity > 5 {
		return w.fail("circuity", ErrRange, "circuity must be in [1, 5], got %g", *f.Circuity)
	}
	if err := checkPositive(w, "speed_kmh", f.SpeedKmh); err != nil {
		return err
	}
	if err := checkPositive(w, "max_snap_meters", f.MaxSnapMeters); err != nil {
		return err
	}
	if err := checkRequired(w, "source", f.Source); err != nil {
		return err
	}
	l.ds.Feeder = Feeder{Circuity: *f.Circuity, SpeedKmh: *f.SpeedKmh, MaxSnapMeters: *f.MaxSnapMeters, Source: f.Source}
	return nil
}

// ---- network checks ------------------------------------------------------

// checkNetwork verifies that every junction is reachable from every other
// along roads (undirected) and ferry services: a router must never meet an
// island it cannot leave.
func (l *dsLoader) checkNetwork() error {
	n := len(l.ds.Junctions)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	for _, r := range l.ds.Roads {
		union(l.junctionIdx[r.From], l.junctionIdx[r.To])
	}
	for _, f := range l.ds.Ferries {
		a := l.ds.Ports[l.portIdx[f.From]].Junction
		b := l.ds.Ports[l.portIdx[f.To]].Junction
		union(l.junctionIdx[a], l.junctionIdx[b])
	}
	root := find(0)
	for i, j := range l.ds.Junctions {
		if find(i) != root {
			return &LoadError{File: fileRoads, Feature: j.ID, Field: "geometry",
				Err: &loadDetail{ErrDisconnected, fmt.Sprintf("junction %q is not reachable from %q by road or ferry", j.ID, l.ds.Junctions[0].ID)}}
		}
	}
	return nil
}

// checkReach verifies that seats and buyers lie within the feeder's snap
// distance of a junction, since the planner could not reach them otherwise.
func (l *dsLoader) checkReach() error {
	snap := l.ds.Feeder.MaxSnapMeters
	nearest := func(p orb.Point) (string, geo.Meters) {
		best, bestD := "", geo.Meters(math.Inf(1))
		for _, j := range l.ds.Junctions {
			if d := geo.Distance(p, j.Point); d < bestD {
				best, bestD = j.ID, d
			}
		}
		return best, bestD
	}
	for _, r := range l.ds.Regencies {
		if id, d := nearest(r.Seat); float64(d) > snap {
			return &LoadError{File: fileRegencies, Feature: r.Code, Field: "seat",
				Err: &loadDetail{ErrRange, fmt.Sprintf("seat is %.1f km from the nearest junction %q (feeder max_snap_meters %g)", d.Kilometers(), id, snap)}}
		}
	}
	for _, m := range l.ds.Markets {
		if id, d := nearest(m.Point); float64(d) > snap {
			return &LoadError{File: fileMarkets, Feature: m.ID, Field: "geometry",
				Err: &loadDetail{ErrRange, fmt.Sprintf("buyer is %.1f km from the nearest junction %q (feeder max_snap_meters %g)", d.Kilometers(), id, snap)}}
		}
	}
	return nil
}
