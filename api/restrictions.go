package api

import (
	"fmt"
	"strings"

	"github.com/lumbung-id/lumbung/optimizer/route"
)

// restrictionsJSON describes the restricted roads a route enters. With a
// departure time each entry says when the vehicle enters and how long it
// waited; without one, only which windows the route must keep clear of.
func restrictionsJSON(cs []route.RestrictionCrossing, hasDepart bool) []map[string]any {
	out := make([]map[string]any, 0, len(cs))
	for _, c := range cs {
		m := map[string]any{"id": c.ID, "name": c.Name, "binding": c.Binding,
			"min_toll_class": c.MinTollClass, "windows_wib": windowsText(c)}
		if hasDepart {
			m["enter_after_s"] = round(c.Enter, 1)
			m["wait_s"] = round(c.Wait, 1)
		}
		out = append(out, m)
	}
	return out
}

var dayAbbrev = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// windowsText renders windows as "Mon–Fri 06:00–10:00" style strings.
func windowsText(c route.RestrictionCrossing) []string {
	out := make([]string, 0, len(c.Windows))
	for _, w := range c.Windows {
		var days []string
		for d := range 7 {
			if w.Days&(1<<uint(d)) != 0 {
				days = append(days, dayAbbrev[d])
			}
		}
		prefix := "daily"
		if w.Days != 0 {
			prefix = strings.Join(days, ",")
		}
		out = append(out, fmt.Sprintf("%s %s–%s", prefix, clock(w.From), clock(w.To)))
	}
	return out
}

func clock(sec float64) string {
	m := int(sec / 60)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}
