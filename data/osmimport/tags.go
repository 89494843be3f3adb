package osmimport

import (
	"strconv"
	"strings"

	"github.com/paulmach/osm"

	"github.com/lumbung-id/lumbung/optimizer/network"
)

// highway describes a highway=* value a truck may use.
type highway struct {
	class network.Class
	// speed is the truck speed in km/h when the way has no maxspeed; an
	// estimate below Indonesian limits (PM 111/2015: 100 on motorways, 80
	// between towns, 50 in towns, 30 in residential streets), as a loaded
	// truck drives.
	speed float64
	// oneway is the implied direction (motorways).
	oneway bool
}

// highways lists the highway values kept; any other value (footway, track,
// path, cycleway, construction, proposed, …) is dropped.
var highways = map[string]highway{
	"motorway":       {network.Trunk, 80, true},
	"motorway_link":  {network.Trunk, 50, false},
	"trunk":          {network.Trunk, 60, false},
	"trunk_link":     {network.Trunk, 40, false},
	"primary":        {network.Primary, 50, false},
	"primary_link":   {network.Primary, 40, false},
	"secondary":      {network.Secondary, 45, false},
	"secondary_link": {network.Secondary, 35, false},
	"tertiary":       {network.Feeder, 40, false},
	"tertiary_link":  {network.Feeder, 30, false},
	"unclassified":   {network.Feeder, 30, false},
	"road":           {network.Feeder, 25, false},
	"residential":    {network.Feeder, 25, false},
	"living_street":  {network.Feeder, 10, false},
	"service":        {network.Feeder, 15, false},
}

// serviceDropped are service=* values of private or parking lanes.
var serviceDropped = map[string]bool{
	"parking_aisle": true, "driveway": true, "drive-through": true, "emergency_access": true,
}

// accessKeys are the access keys that apply to a heavy goods vehicle, most
// specific first: the first one present decides.
var accessKeys = [...]string{"hgv", "goods", "motor_vehicle", "vehicle", "access"}

// denied are access values that close a way to a through truck.
var denied = map[string]bool{
	"no": true, "private": true, "agricultural": true, "forestry": true, "emergency": true,
	"military": true, "psv": true, "bus": true, "customers": true, "permit": true,
}

// countrySpeeds are the implicit maxspeed values (ID: Indonesia, PM
// 111/2015) a way may name instead of a number.
var countrySpeeds = map[string]float64{
	"ID:urban": 50, "ID:rural": 80, "ID:motorway": 100, "ID:living_street": 20, "ID:residential": 30,
}

// Direction is the way's direction of travel.
type direction int8

const (
	both     direction = 0
	forward  direction = 1
	backward direction = -1
)

// wayAttr is what a kept way contributes to its edges.
type wayAttr struct {
	class    network.Class
	dir      direction
	toll     bool
	ferry    bool
	speed    float32 // km/h; 0 on ferries
	duration float32 // ferries: seconds, 0 when untagged
	road     int32   // index into the road table, or network.None
	id       osm.WayID
}

// classify decides whether a truck may use way w and with what attributes;
// the road index is left to the caller.
func classify(tags osm.Tags) (wayAttr, bool) {
	a := wayAttr{road: network.None}
	if tags.Find("area") == "yes" || tags.Find("impassable") == "yes" {
		return a, false
	}
	if !truckAllowed(tags) {
		return a, false
	}
	if tags.Find("route") == "ferry" {
		a.ferry, a.class = true, network.Ferry
		a.duration = float32(parseDuration(tags.Find("duration")))
		d, ok := oneway(tags.Find("oneway"), false)
		a.dir = d
		return a, ok
	}
	hw, ok := highways[tags.Find("highway")]
	if !ok {
		return a, false
	}
	if tags.Find("highway") == "service" && serviceDropped[tags.Find("service")] {
		return a, false
	}
	implied := hw.oneway
	if j := tags.Find("junction"); j == "roundabout" || j == "circular" {
		implied = true
	}
	if a.dir, ok = oneway(tags.Find("oneway"), implied); !ok {
		return a, false
	}
	a.class = hw.class
	a.toll = tags.Find("toll") == "yes" || tags.Find("toll:hgv") == "yes"
	if a.toll && (hw.class == network.Trunk) {
		a.class = network.Toll
	}
	a.speed = float32(hw.speed)
	for _, k := range [...]string{"maxspeed:hgv", "maxspeed"} {
		if v, ok := parseMaxspeed(tags.Find(k)); ok {
			a.speed = float32(v)
			break
		}
	}
	return a, true
}

func truckAllowed(tags osm.Tags) bool {
	for _, k := range accessKeys {
		if v := tags.Find(k); v != "" {
			return !denied[v]
		}
	}
	return true
}

// oneway parses a oneway value; ok is false for ways no router may use in
// a fixed direction (reversible, alternating).
func oneway(v string, implied bool) (direction, bool) {
	switch v {
	case "yes", "true", "1":
		return forward, true
	case "-1", "reverse":
		return backward, true
	case "no", "false", "0":
		return both, true
	case "reversible", "alternating":
		return both, false
	}
	if implied {
		return forward, true
	}
	return both, true
}

// parseMaxspeed reads "60", "60 km/h", "40 mph", "ID:urban", "walk" or the
// first of "50;60"; ok is false for none, signals, variable or junk.
func parseMaxspeed(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if v == "" {
		return 0, false
	}
	if s, ok := countrySpeeds[v]; ok {
		return s, true
	}
	if v == "walk" {
		return 5, true
	}
	unit := 1.0
	switch {
	case strings.HasSuffix(v, "mph"):
		unit, v = 1.609344, strings.TrimSpace(strings.TrimSuffix(v, "mph"))
	case strings.HasSuffix(v, "km/h"):
		v = strings.TrimSpace(strings.TrimSuffix(v, "km/h"))
	case strings.HasSuffix(v, "kmh"):
		v = strings.TrimSpace(strings.TrimSuffix(v, "kmh"))
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || !(s > 0) {
		return 0, false
	}
	return min(s*unit, 200), true
}

// parseDuration reads a ferry duration: "HH:MM", "HH:MM:SS", minutes
// alone, or ISO 8601 ("PT1H30M"). It returns seconds, 0 if unreadable.
func parseDuration(v string) float64 {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if strings.HasPrefix(v, "PT") {
		var total float64
		num := ""
		for _, r := range v[2:] {
			if (r >= '0' && r <= '9') || r == '.' {
				num += string(r)
				continue
			}
			x, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0
			}
			switch r {
			case 'H':
				total += 3600 * x
			case 'M':
				total += 60 * x
			case 'S':
				total += x
			default:
				return 0
			}
			num = ""
		}
		return total
	}
	parts := strings.Split(v, ":")
	if len(parts) > 3 {
		return 0
	}
	var total float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 64)
		if err != nil || x < 0 {
			return 0
		}
		if len(parts) == 1 {
			return x * 60
		}
		total += x * []float64{3600, 60, 1}[i]
	}
	return total
}
