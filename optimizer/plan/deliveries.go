package plan

import (
	"math"
	"strings"
)

// truckTimeline times truck j of load l from its slotted departure to its
// last drop.
func (m *Model) truckTimeline(t *tables, r *resolved, dt *dropTables, l *load, j int) timeline {
	buyers := []int{l.b}
	if len(l.drops) > 0 {
		buyers = l.dropBuyers()
	}
	tl, _, ok := m.delivered(t, r, dt, l.v, l.x, l.c, buyers, l.depart[j], l.wait[j])
	if !ok { // loads ride reachable lanes only; keep the times defined
		_, cross := m.crossingTimes(l.x, r, -1)
		at := l.depart[j] + cross
		tl = timeline{drops: []dropTime{{gate: at, start: at, end: at}}}
	}
	return tl
}

// deliveryCost completes a load's cost at its slotted waits (cost, the
// lanes' cost and transit spoilage) with its drops: a single-buyer
// load's trucks pay for their receiving waits; a multi-drop truck is
// priced by dropsCost.
func (m *Model) deliveryCost(t *tables, r *resolved, dt *dropTables, l *load, tls []timeline, cost Breakdown) Breakdown {
	if len(l.drops) > 0 {
		c, _, ok := m.dropsCost(t, r, dt, l.c, l.x, l.v, l.drops, l.wait[0], tls[0])
		if ok {
			return c
		}
		return cost
	}
	per := scaleCargo(l.cargo, 1/float64(l.trucks))
	for _, tl := range tls {
		cost = cost.add(m.waitCost(l.v, per, tl.waits()))
	}
	return cost
}

// describeDeliveries writes a load's deliveries into its shipment: each
// boarding's arrival and unloading at the (first) buyer and, for a
// multi-drop truck, its drops and joined buyer IDs.
func (m *Model) describeDeliveries(t *tables, r *resolved, dt *dropTables, l *load, tls []timeline, s *Shipment) {
	for i := range s.Boardings {
		bd := &s.Boardings[i]
		for j := range l.depart {
			if unixTime(l.depart[j]).Equal(bd.Departure) {
				d := tls[j].drops[0]
				bd.Arrival, bd.Unloading, bd.ReceivingWaitMin = unixTime(d.gate), unixTime(d.start), d.wait()/60
				break
			}
		}
	}
	if len(l.drops) == 0 {
		return
	}
	// the last drop's transit and the road through every drop
	if _, elapsed, ok := m.delivered(t, r, dt, l.v, l.x, l.c, l.dropBuyers(), l.depart[0], l.wait[0]); ok {
		s.TransitHours = elapsed[len(elapsed)-1] / 3600
	}
	for i := 1; i < len(l.drops); i++ {
		s.DistanceKm += dt.leg(m, r, l.v, l.drops[i-1].b, l.drops[i].b).dist / 1000
	}
	ids := make([]string, len(l.drops))
	for i, d := range l.drops {
		ids[i] = m.in.Buyers[d.b].ID
		dt := tls[0].drops[i]
		out := Drop{Buyer: ids[i], Arrival: unixTime(dt.gate), Unloading: unixTime(dt.start), Departure: unixTime(dt.end),
			ReceivingWaitMin: dt.wait() / 60}
		for _, c := range d.cargo {
			out.Cargo = append(out.Cargo, Cargo{Commodity: m.in.Commodities[c.k].ID, Tonnes: c.tonnes})
			out.Tonnes += c.tonnes
		}
		s.Drops = append(s.Drops, out)
	}
	s.Buyer = strings.Join(ids, "+")
}

// addDelivery adds a shipment's multi-drop truck and receiving waits to
// the summary.
func (m *Model) addDelivery(sum *Summary, l *load, s *Shipment) {
	if len(l.drops) > 0 {
		sum.MultiDrop.Trucks++
		sum.MultiDrop.ReplacedTrucks += l.replaced
		sum.MultiDrop.Drops += len(l.drops)
		sum.MultiDrop.SavingsIDR += l.saved
		onBoard := append([]cargo(nil), l.cargo...)
		for i, d := range s.Drops {
			w := d.ReceivingWaitMin * 60
			sum.ReceivingWaitHours += w / 3600
			sum.ReceivingWaitCostIDR += m.waitCost(l.v, onBoard, w).Total()
			onBoard = subCargo(onBoard, l.drops[i].cargo)
		}
		return
	}
	per := scaleCargo(l.cargo, 1/float64(l.trucks))
	for _, b := range s.Boardings {
		w := b.ReceivingWaitMin * 60 * float64(b.Trucks)
		sum.ReceivingWaitHours += w / 3600
		sum.ReceivingWaitCostIDR += m.waitCost(l.v, per, w).Total()
	}
}

// subCargo is cargo less what a drop unloads.
func subCargo(cg, off []cargo) []cargo {
	out := append([]cargo(nil), cg...)
	for _, o := range off {
		for i := range out {
			if out[i].k == o.k {
				out[i].tonnes = math.Max(0, out[i].tonnes-o.tonnes)
			}
		}
	}
	return out
}
