-- wrk: the README's API call (JSON body, Bearer key) on every request.
wrk.method = "POST"
wrk.body = '{"name":"Ada","email":"ada@example.com","message":"Hello from wrk, a body of a typical size for a contact message."}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer dev-key"
