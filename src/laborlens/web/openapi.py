"""The OpenAPI 3.1 document of /api/v1 (served at /api/openapi.json; tests hold the API to it)."""

from laborlens import __version__

_PROBLEM = {
    "description": "Problem details (RFC 9457)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "LaborLens API",
        "version": __version__,
        "description": "Code job postings to O*NET-SOC 2019, match people to occupations, look up occupations. "
        "Includes information from the O*NET Database (USDOL/ETA), used under CC BY 4.0.",
        "license": {"name": "MIT", "identifier": "MIT"},
    },
    "paths": {
        "/api/v1/classify": {
            "post": {
                "operationId": "classify",
                "summary": "Code one posting, or a batch of up to 1,000",
                "parameters": [
                    {
                        "name": "top",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [
                                    {"$ref": "#/components/schemas/Posting"},
                                    {
                                        "type": "object",
                                        "required": ["postings"],
                                        "properties": {
                                            "postings": {
                                                "type": "array",
                                                "minItems": 1,
                                                "maxItems": 1000,
                                                "items": {"$ref": "#/components/schemas/Posting"},
                                            }
                                        },
                                    },
                                ]
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "Codes with scores, evidence, skills and the not-a-job flag",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "oneOf": [
                                        {"$ref": "#/components/schemas/CodingResult"},
                                        {
                                            "type": "object",
                                            "required": ["results", "model_version"],
                                            "properties": {
                                                "results": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/CodingResult"},
                                                },
                                                "model_version": {"type": "string"},
                                            },
                                        },
                                    ]
                                }
                            }
                        },
                    },
                    "400": _PROBLEM,
                    "413": _PROBLEM,
                    "422": _PROBLEM,
                    "429": _PROBLEM,
                },
            }
        },
        "/api/v1/match": {
            "post": {
                "operationId": "match",
                "summary": "Related occupations for a person, from text or a resume file",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/MatchRequest"}},
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {
                                        "type": "string",
                                        "format": "binary",
                                        "description": "PDF, DOCX or TXT, at most 5 MB and 50 pages",
                                    },
                                    "area": {"type": "string"},
                                    "top": {"type": "integer", "minimum": 1, "maximum": 50},
                                    "no_pay_cut": {"type": "boolean"},
                                    "max_zone_step": {"type": "integer", "minimum": 0, "maximum": 4},
                                },
                            }
                        },
                    },
                },
                "responses": {
                    "200": {
                        "description": "Jobs like yours, next steps and the combined ranking",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MatchResult"}}},
                    },
                    "400": _PROBLEM,
                    "413": _PROBLEM,
                    "429": _PROBLEM,
                },
            }
        },
        "/api/v1/occupations": {
            "get": {
                "operationId": "searchOccupations",
                "summary": "Occupations whose titles or alternate titles match the words",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}},
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Matching occupations, best first",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["query", "results"],
                                    "properties": {
                                        "query": {"type": "string"},
                                        "results": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/SearchHit"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": _PROBLEM,
                },
            }
        },
        "/api/v1/occupations/{code}": {
            "get": {
                "operationId": "getOccupation",
                "summary": "An occupation's profile: tasks, skills, wages, outlook, related occupations, links",
                "parameters": [
                    {
                        "name": "code",
                        "in": "path",
                        "required": True,
                        "description": "O*NET-SOC 2019 (53-7062.00), SOC 2018 (53-7062) or O*NET-SOC 2010 code",
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "area",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "national, a state (TX, state:48), a CBSA (cbsa:35620), a ZIP or 'City, ST'",
                    },
                    {
                        "name": "top",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "The occupation",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Occupation"}}},
                    },
                    "400": _PROBLEM,
                    "404": _PROBLEM,
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Problem": {
                "type": "object",
                "required": ["title", "status"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
            },
            "Posting": {
                "type": "object",
                "properties": {
                    "id": {"type": ["string", "integer", "null"]},
                    "title": {"type": ["string", "null"]},
                    "description": {"type": ["string", "null"]},
                    "category": {"type": ["string", "null"], "description": "Craigslist section, e.g. trd, hea, lbg"},
                    "employer": {"type": ["string", "null"]},
                },
                "anyOf": [
                    {"required": ["title"], "properties": {"title": {"type": "string", "pattern": "\\S"}}},
                    {"required": ["description"], "properties": {"description": {"type": "string", "pattern": "\\S"}}},
                ],
                "description": "A title or a description (not only spaces) is required; other fields are ignored.",
            },
            "ScoredOccupation": {
                "type": "object",
                "required": ["code", "title", "score"],
                "properties": {
                    "code": {"type": "string", "pattern": r"^\d{2}-\d{4}\.\d{2}$"},
                    "title": {"type": "string"},
                    "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "soc_code": {"type": "string"},
                    "major_group": {"type": "string"},
                },
            },
            "CodingResult": {
                "type": "object",
                "required": ["occupations", "not_a_job", "not_a_job_score", "evidence", "skills"],
                "properties": {
                    "id": {"type": ["string", "integer", "null"]},
                    "occupations": {"type": "array", "items": {"$ref": "#/components/schemas/ScoredOccupation"}},
                    "not_a_job": {"type": "boolean"},
                    "not_a_job_score": {"type": "number"},
                    "evidence": {"type": "object"},
                    "skills": {"type": "array"},
                    "dwas": {"type": "array"},
                    "model_version": {"type": "string"},
                },
            },
            "MatchRequest": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "minLength": 1},
                    "area": {"type": "string"},
                    "top": {"type": "integer", "minimum": 1, "maximum": 50},
                    "no_pay_cut": {"type": "boolean"},
                    "max_zone_step": {"type": "integer", "minimum": 0, "maximum": 4},
                },
            },
            "MatchedOccupation": {
                "type": "object",
                "required": ["code", "title", "score", "why", "gap", "links"],
                "properties": {
                    "code": {"type": "string"},
                    "title": {"type": "string"},
                    "score": {"type": "number"},
                    "list": {"type": "string", "enum": ["jobs_like_yours", "next_steps"]},
                    "why": {"type": "array"},
                    "gap": {"type": "object"},
                    "job_zone": {"type": ["integer", "null"]},
                    "education": {"type": "object"},
                    "pay": {"type": ["object", "null"]},
                    "outlook": {"type": "object"},
                    "local_demand": {"type": ["object", "null"]},
                    "links": {"type": "object"},
                },
            },
            "MatchResult": {
                "type": "object",
                "required": ["jobs_like_yours", "next_steps", "occupations"],
                "properties": {
                    "person": {"type": "object"},
                    "area": {"type": "object"},
                    "options": {"type": "object"},
                    "jobs_like_yours": {"type": "array", "items": {"$ref": "#/components/schemas/MatchedOccupation"}},
                    "next_steps": {"type": "array", "items": {"$ref": "#/components/schemas/MatchedOccupation"}},
                    "occupations": {"type": "array", "items": {"$ref": "#/components/schemas/MatchedOccupation"}},
                },
            },
            "SearchHit": {
                "type": "object",
                "required": ["code", "title", "score"],
                "properties": {
                    "code": {"type": "string"},
                    "title": {"type": "string"},
                    "score": {"type": "number"},
                    "matched_title": {"type": "string"},
                    "matching_titles": {"type": "integer"},
                },
            },
            "Occupation": {
                "type": "object",
                "required": ["code", "title", "description", "links"],
                "properties": {
                    "code": {"type": "string"},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "soc_code": {"type": "string"},
                    "job_zone": {"type": ["integer", "null"]},
                    "tasks": {"type": "array"},
                    "skills": {"type": "array"},
                    "technologies": {"type": "array"},
                    "wages": {"type": ["object", "null"]},
                    "outlook": {"type": ["object", "null"]},
                    "related": {"type": "array"},
                    "links": {"type": "object"},
                },
            },
        }
    },
}
