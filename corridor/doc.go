// Package corridor readies a dataset to serve and plan: it turns a
// data.Dataset into the routing graph (BuildNetwork), a router over it
// (NewRouter) and the shipment planner's input (PlanInput).
//
// It is the one place where the dataset meets the optimizer, so that the
// data package stays a leaf (schema, loader, validation) and loading a
// dataset does not link the planner. The dependency arrows are
// api, cmd → corridor → optimizer/..., data → geo.
package corridor
