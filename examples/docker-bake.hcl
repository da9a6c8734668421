group "default" {
  targets = ["websocket-ingestion", "health-dashboard", "admin-api"]
}

target "websocket-ingestion" {
  context    = "."
  dockerfile = "services/websocket-ingestion/Dockerfile"
  target     = "production"
  tags       = ["homeiq/websocket:dev"]
  cache-from = ["type=gha,scope=websocket-ingestion"]
  cache-to   = ["type=gha,mode=max,scope=websocket-ingestion"]
}

target "health-dashboard" {
  context = "services/health-dashboard"
  tags    = ["homeiq/dashboard:dev"]
}

target "admin-api" {
  context = "services/admin-api"
  tags    = ["homeiq/admin-api:dev"]
}
