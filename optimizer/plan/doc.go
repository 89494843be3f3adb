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
// commodity's spoilage per tonne-hour. Every truck also goes back: the
// same roads and crossing (at the service's expected wait) are charged
// again at 1 − Params.BackhaulShare (the share of return trips that carry
// a paying load), in the plan and in the baseline alike. Perishable
// commodities may only use lanes within their transit limit; chicken only
// refrigerated vehicles. The expected ferry wait is computed per day from
// the open departures, so a closure window raises it.
//
// Coupling constraints: each crossing's deck space per day and ferry class
// (the plan's share of every open departure's deck), optionally a fleet
// limit per vehicle class, and, when a scenario switches on truck_ban, the
// deck of the departures a truck restriction (Input.Restrictions) leaves
// open to each restricted class. A fleet limit is a hard limit on the
// vehicles of a class busy on each day, counted as Fleet.VehiclesByDay
// counts them: a long-haul truck on every day from leaving its collection
// point until it is back (its queue at the port, the road restrictions'
// delay, every drop with its receiving wait and unloading, and the return
// from its last buyer over the same roads and crossing at the service's
// expected wait), so a round trip over two days counts on both; a
// collection vehicle on its tour's day.
//
// # Fleet limits
//
// The daily allocations cannot see across days, so the limit is kept in
// four steps. (a) Each day's fleet bundle weighs a truck by the calendar
// days it is expected busy: its round trip in days plus one (a truck
// leaving at a uniformly random time of the 24-hour loading window and
// away L days touches L + 1 calendar days on average), split additively
// over the lane's arcs (first leg there and back; both crossings and the
// second leg there and back), so that in a steady state each day's trucks
// pay for the days they occupy. This is an estimate, not a relaxation:
// the first day, whose fleet no earlier truck occupies, is under-used, and
// with the limit binding the lower bound is that of the estimate. (b) The
// loads step books every truck it dispatches on each day it is busy at the
// day's expected wait (trucks of a load leave spread over the loading
// window), so a truck dispatched on day d leaves less fleet on d + 1 for
// later lanes; a lane gets the most trucks that fit, and a pool the
// cheapest class that fits. A multi-drop truck is booked from its own
// dispatch time until it is back from its last drop, and a merge that
// finds no vehicle for that is not made. (c) Slotting books each truck
// from the time it now leaves (aimed or spread) and moves the booking to
// its real departure, until it is back (receiving waits and the
// restrictions' delay included): a departure that would keep it out on a
// day with no vehicle left, or a truck whose booked days aiming
// overbooked, is refused, and a truck no departure takes is dropped with
// reason "fleet limit reached". (d) Collection tours are routed without
// caps; on a day where they use more of a limited class than the long
// haul leaves, the day's tour problems are routed again with caps that
// split what is left (a class without a cap then takes what the capped
// ones leave, in visits it can carry), and pickups the capped tours leave
// out are not collected (unmet, reason fleet). Model.Check recounts the
// busy vehicles from each truck's dispatch (Boarding.Dispatch), its
// checked deliveries and the route tables, and the tours, and holds the
// summary's Fleet to that count.
//
// # Solving
//
//  1. Allocation: per day, a multi-commodity min-cost flow with deck (and
//     fleet, see Fleet limits) bundles, solved to LP optimality by package alloc
//     (Dantzig–Wolfe column generation over network-simplex pricing), which
//     also returns a Lagrangian lower bound and the deck shadow prices.
//     Durable goods pool at (port, vehicle) gates; perishable goods whose
//     limit could bind get one arc per feasible lane, so the limit holds
//     exactly. Days are independent and solve on two goroutines.
//  2. Loads: each lane fills whole trucks of its class; remainders pool per
//     day, crossing, buyer and consolidation hub (res Params.ConsolidationRes)
//     and ride the cheapest class with deck slots and vehicles left (on
//     every day its trucks are busy) that may board that day; what no class can carry is unmet, with the limit
//     that stopped it. The integer plan's objective and its gap to the
//     allocation bound are reported.
//  3. Multi-drop crossings and dispatch times (multidrop.go, windows.go):
//     a decomposition after the loads step. The ferry is charged per
//     vehicle, so part loads bound for different buyers (a pool's only
//     truck, or the last, partial truck of a larger pool) may share one
//     truck that crosses once and drops in sequence. Per day
//     and reefer need (chicken rides only with chicken in reefers), a
//     savings merge (Clarke and Wright, parallel version) joins the pair
//     of trucks whose merge saves most: the fare, tolls and return leg
//     paid once against the road between buyers, an extra unloading
//     (Params.HandlingHours / 2 per drop, an estimate), any wait for the
//     buyers' receiving hours and, for part loads of other consolidation
//     hubs, collecting their produce to the merged truck's origin. A
//     merged truck takes at most MaxDrops buyers within one payload of
//     some class with deck and fleet left; it tries every crossing, class
//     and drop order and dispatch times aimed at each buyer's opening,
//     priced at the expected ferry wait; every drop must meet its cargo's
//     transit limit. Full trucks stay direct. Why not the VRP engine with
//     the ferry as a timed leg: the candidates are few per day (about 23
//     dry and 8 chilled part loads a day in the default week, at most
//     seven buyers), so an exact enumeration of orders, crossings and
//     classes inside a savings merge finds what a metaheuristic would, in
//     milliseconds, and keeps deck, fleet and restriction bookkeeping in
//     the loads step; the first mile of a merged truck's other clusters
//     joins the collection tours (step 5).
//     Receiving windows: each buyer receives in daily hours (Buyer.Window,
//     from the dataset's markets, cited or marked estimates). A load's
//     trucks leave spread over the part of the loading window from which,
//     at the expected wait, they reach the buyer inside its hours; a truck
//     that still arrives outside them waits, and the wait is charged as
//     driver hours and spoilage (Summary.ReceivingWaitHours and
//     ReceivingWaitCostIDR). When the deck is tight, aiming bunches
//     trucks into a queue that costs more than the waits it saves: the
//     loads are slotted all aimed and all spread over the loading window,
//     each load takes the dispatch under which its trucks scored less
//     (port and receiving waits plus the penalty of unboarded cargo), the
//     mix is slotted too, and the plan keeps the cheapest of the three
//     slottings (see slotDispatch). Today's practice dispatches by the same
//     rule, aimed earlier by its usual queue, so it faces the same
//     windows.
//  4. Ferry slots, the port queue: trucks leave collection points spread
//     over their dispatch span (a load that pools produce collected by
//     tours, after the collection shift ends, so its tours have unloaded
//     at the hub before it leaves: the loading window it is aimed inside
//     starts then) and board, first come first served
//     (the tightest transit limit first), the earliest departure with space for their
//     class that is open, not restricted for them, and in time for their
//     cargo at every drop, receiving waits included. When arrivals exceed a sailing's deck, trucks wait for later
//     sailings; the waits are the plan's times and costs, and the queue's
//     mean and longest wait and its longest length are reported per
//     crossing and day. FIFO is exact for the total wait of one class
//     (checked against a min-cost flow in the tests). A truck that boards
//     nothing within the horizon plus a day leaves the plan and its cargo
//     is unmet.
//  5. First mile: for every day and hub cluster, the pooled loads'
//     pickups from other clusters are a capacitated VRP solved by package
//     vrp (Hybrid Genetic Search, a short seeded run of at most 40
//     iterations that stops after 5 without a better solution, retried
//     up to twice with another seed for what it leaves out; vehicle
//     copies enough for one full trip each) on a duration and
//     distance matrix from the router (Router.Matrix, the scenario's
//     closed roads avoided): small classes (payload ≤ CollectionMaxTonnes:
//     pickup, engkel, CDD, reefer CDD for chicken), a 06:00–16:00 driver
//     shift, up to CollectionMaxTrips trips with unloading at the hub,
//     and loading times per stop and tonne (estimates, see tours.go).
//     Every solution passes vrp.Check. A tour costs fuel and wear per km
//     plus its driver's hours; each load's first mile
//     (Breakdown.FirstMile) is its share of its hub's tours by tonne-km.
//     Identical problems (a month's days share their supply) are solved
//     once, and the model remembers up to 2,048 solved problems across
//     plans (a compare's scenarios share most of their days), keyed on
//     the exact problem, so a remembered solution is the fresh one. A pickup no tour can take keeps the Params.CollectIDRPerTonneKm
//     estimate and is counted in Summary.UnroutedPickups.
//  6. Routes: Model.Route gives every shipment's geometry from the router
//     (through every drop of a multi-drop truck),
//     Model.TourRoutes every tour's.
//
// Today's practice (Params.Baseline, overridable per request) ships the
// same tonnes from the same clusters as collectors (pengepul) do: each
// buys one commodity in its catchment (an H3 cell of
// Baseline.CollectorRes) and brings it to its yard on first-mile tours
// routed like the plan's (one commodity, its one truck class: the largest
// small class, a CDD); its
// own class of truck leaves when full, a part load waiting for the next
// days' produce up to Baseline.MaxHoldDays (perishables go daily, held
// produce spoils at its rate), to the nearest buyer over the regular
// crossing with an unplanned queue. A four-step waterfall splits the
// savings by source (see Savings). Model.Check verifies any plan independently
// against every limit of its scenario (supply, demand, payloads, fleet,
// deck per departure and day, closures, truck restrictions, closed roads,
// perishability with each truck's queue and receiving wait, every
// delivery inside its buyer's hours, multi-drop trucks' drops) and
// recomputes its costs.
//
// # Figures
//
// Summary.LogisticsCostIDR is the final plan's cost of what it delivers;
// ObjectiveIDR adds the unmet-demand penalty. Summary.Bound holds the
// allocation's objective, its Lagrangian lower bound and the integer
// plan's objective at expected waits, all with the penalty, so the lower
// bound is comparable with (and sits below) each of them.
package plan
