package corridor

// BackhaulShare is the planner's default share of return trips (Jakarta →
// Lampung) that carry a paying load; every truck's return leg is charged at
// 1 − BackhaulShare in the plan and the baseline alike, and a scenario may
// override it (backhaul_share).
//
// Estimate: trucks move about three times as much Java → Sumatra as
// Sumatra → Java (Aptrindo via beritatruk, 2020: 15% against 5% of truck
// distribution volume), so loads back exist; but open-deck bulk and reefer
// trucks suit few of them and finding one costs time, so half the trips,
// not all, are taken to return loaded.
const BackhaulShare = 0.5
