from redis.exceptions import ConnectionError as RedisConnectionError

from theset.redis_client import EXTENSION_KEY


def test_healthz_reports_both_services_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


class _DownRedis:
    def ping(self):
        raise RedisConnectionError("connection refused")


def test_healthz_answers_503_when_redis_is_down(app, client):
    app.extensions[EXTENSION_KEY] = _DownRedis()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "database": "ok",
        "redis": "error: ConnectionError",
    }


def test_healthz_answers_503_when_the_database_is_down(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "error: OperationalError"
    assert response.json["redis"] == "ok"
