"""The services as journeys: one module per journey, each mostly data over the step kinds."""
