"""The OpenAPI 3.1 document of /api/v1. Each feature adds its paths through register_paths()."""

_PATHS = {}
_SCHEMAS = {}


def register_paths(paths, schemas=None):
    _PATHS.update(paths)
    _SCHEMAS.update(schemas or {})


ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}

register_paths(
    {
        "/events": {
            "get": {
                "summary": "Các sự kiện mà khoá hoặc tài khoản được xem",
                "responses": {
                    "200": {"description": "Danh sách sự kiện", "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}},
                        "required": ["events"],
                    }}}},
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                },
            }
        }
    },
    {
        "Error": ERROR,
        "Event": {
            "type": "object",
            "properties": {
                "slug": {"type": "string"}, "name": {"type": "string"},
                "starts_at": {"type": "string", "format": "date-time"},
                "ends_at": {"type": "string", "format": "date-time"},
                "venue": {"type": "string"}, "timezone": {"type": "string"},
            },
            "required": ["slug", "name", "starts_at", "ends_at"],
        },
    },
)


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {"title": "Ngày hội HTX API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": dict(sorted(_PATHS.items())),
        "components": {
            "schemas": dict(_SCHEMAS),
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "responses": {
                "Unauthorized": {"description": "Chưa xác thực", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "Forbidden": {"description": "Không có quyền", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "NotFound": {"description": "Không tìm thấy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        },
    }
