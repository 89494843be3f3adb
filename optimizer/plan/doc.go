// Package plan makes optimized shipment plans: which farm clusters ship
// what to which buyers, by which vehicle classes, over which ferry crossing
// and on which departure, at what cost, and how much that saves against
// today's practice.
//
// # Model
//
// Farms aggregate into H3 cells of Params.ClusterRes (res 6 by default,
// about 36 km²); each cluster's tonnes-weighted centroid, snapped to the
// road network, is its collection point. The horizon is a number of daily
// buckets: a cluster's daily supply is its annual production over 365 times
// the commodity's seasonality factor for the month (a scenario may scale or
// replace it); buyers' demand is tonnes per day. Produce collected on a day
// crosses and is delivered against that day's demand; supply not shipped
// stays in Lampung, demand not met is reported at a penalty price (the
// commodity's price per tonne) with its reason.
//
// A lane is (cluster, crossing, vehicle class, buyer). Its cost per tonne
// comes from the router: cluster → Sumatra port and Java port → buyer by the
// vehicle's cheapest path (fuel and wear per km, driver hours, tolls by
// class), the crossing (tariff by golongan, driver hours for the expected
// wait and the crossing), a feeder leg at each end and loading and
// unloading time, all divided by the vehicle's payload, plus the
// commodity's spoilage per tonne-hour. Perishable commodities may only use
// lanes within their transit limit; chicken only refrigerated vehicles.
// The expected ferry wait is computed per day from the open departures, so
// a closure window raises it.
//
// Coupling constraints: each crossing's deck space per day and ferry class
// (the plan's share of every open departure's deck), and optionally a fleet
// limit per vehicle class.
//
// # Solving
//
//  1. Allocation: per day, a multi-commodity min-cost flow with deck (and
//     fleet) bundles, solved to LP optimality by package alloc
//     (Dantzig–Wolfe column generation over network-simplex pricing), which
//     also returns a Lagrangian lower bound and the deck shadow prices.
//     Durable goods pool at (port, vehicle) gates; perishable goods whose
//     limit could bind get one arc per feasible lane, so the limit holds
//     exactly. Days are independent and solve on two goroutines.
//  2. Loads: each lane fills whole trucks of its class; remainders pool per
//     day, crossing, buyer and consolidation hub (res Params.ConsolidationRes)
//     and ride the cheapest class with deck slots left; the integer plan's
//     cost and its gap to the allocation bound are reported.
//  3. Ferry slots: trucks leave collection points spread over the loading
//     window and board, first come first served, the earliest departure
//     with space for their class: exact for the total wait (checked against
//     a min-cost flow in the tests). Reported costs use these waits.
//  4. Routes: Model.Route gives every shipment's geometry from the router.
//
// Today's practice (Params.Baseline, overridable per request) ships the
// same tonnes from the same clusters in small trucks to the nearest buyer on
// the regular crossing with an unplanned queue; a four-step waterfall
// splits the savings by source. Model.Check verifies any plan independently
// (supply, demand, payloads, perishability, deck slots, costs).
package plan
