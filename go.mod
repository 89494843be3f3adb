module github.com/lumbung-id/lumbung

go 1.26.3

require (
	github.com/gorilla/mux v1.8.1
	github.com/paulmach/orb v0.14.0
	github.com/twpayne/go-geom v1.7.0
	github.com/uber/h3-go/v4 v4.5.0
	gonum.org/v1/gonum v0.17.0
)

require (
	github.com/gogo/protobuf v1.3.2 // indirect
	github.com/paulmach/protoscan v0.2.1 // indirect
	go.mongodb.org/mongo-driver/v2 v2.5.0 // indirect
)
