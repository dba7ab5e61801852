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
                    "local_trend": {"type": ["object", "null"]},
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


def _query(name: str, schema: dict, description: str | None = None, required: bool = False) -> dict:
    parameter = {"name": name, "in": "query", "required": required, "schema": schema}
    return parameter | ({"description": description} if description else {})


_AREA = _query(
    "area", {"type": "string", "minLength": 1}, "national, a state (TX, state:48), a CBSA (cbsa:35620) or a ZIP", True
)
_PERIOD = _query("period", {"type": "string", "enum": ["month", "week"]})
_OCCUPATION = _query("occupation", {"type": "string"}, "O*NET-SOC (53-7062.00), SOC (53-7062) or major group code")
_SKILL = _query("skill", {"type": "string"}, "A skill or technology name as stored")
_LEVEL = _query("level", {"type": "string", "enum": ["onet", "soc", "major"]})
_NUMBER = {"type": ["number", "null"]}
_INTERVAL = {"type": ["array", "null"], "items": {"type": ["number", "null"]}, "minItems": 2, "maxItems": 2}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _get(operation: str, summary: str, parameters: list, response: dict, *errors: str) -> dict:
    return {
        "get": {
            "operationId": operation,
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": response, "400": _PROBLEM, **{status: _PROBLEM for status in errors}},
        }
    }


_MOVER = {
    "type": "object",
    "required": ["title", "new", "new_before", "growth", "growth_interval"],
    "properties": {
        "occupation": {"type": "string"},
        "skill": {"type": "string"},
        "title": {"type": "string"},
        "new": {"type": "integer"},
        "new_before": {"type": "integer"},
        "growth": _NUMBER,
        "growth_interval": _INTERVAL,
    },
}

OPENAPI["paths"] |= {
    "/api/v1/postings": _get(
        "listPostings",
        "Stored postings, newest first, by words, occupation, area and source, a page at a time",
        [
            _query("q", {"type": "string"}, "Words the title or description must all hold"),
            _OCCUPATION,
            _query("area", {"type": "string"}, "national, a state, a CBSA or a ZIP"),
            _query("source", {"type": "string"}),
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
            _query("offset", {"type": "integer", "minimum": 0, "maximum": 1000000}),
            _query("days", {"type": "integer", "minimum": 1, "maximum": 3650}, "Only postings seen in the last N days"),
        ],
        _ok(
            "A page of postings and how many match in all",
            {
                "type": "object",
                "required": ["total", "limit", "offset", "items"],
                "properties": {
                    "total": {"type": "integer"},
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/StoredPosting"}},
                },
            },
        ),
    ),
    "/api/v1/demand/series": _get(
        "demandSeries",
        "New and active (deduplicated) postings per period in an area",
        [_AREA, _OCCUPATION, _SKILL, _PERIOD],
        _ok(
            "One object per period",
            {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["period", "new", "active"],
                    "properties": {
                        "period": {"type": "string"},
                        "new": {"type": "integer"},
                        "active": {"type": "integer"},
                    },
                },
            },
        ),
    ),
    "/api/v1/demand/growth": _get(
        "demandGrowth",
        "Growth of new postings (fractions) with 95% intervals, low-sample flags and context",
        [_AREA, _OCCUPATION, _LEVEL, _PERIOD, _query("last", {"type": "integer", "minimum": 1, "maximum": 520})],
        _ok(
            "One object per occupation and period", {"type": "array", "items": {"$ref": "#/components/schemas/Growth"}}
        ),
    ),
    "/api/v1/demand/forecast": _get(
        "demandForecast",
        "New postings ahead with 80% and 95% prediction intervals and a rolling-origin backtest",
        [
            _AREA,
            _OCCUPATION,
            _SKILL,
            _PERIOD,
            _query("horizon", {"type": "integer", "minimum": 1, "maximum": 60}),
            _query("model", {"type": "string", "enum": ["auto", "negbin", "ets"]}),
        ],
        _ok(
            "The forecast",
            {
                "type": "object",
                "required": ["area", "model", "backtest", "forecast", "notes"],
                "properties": {
                    "area": {"type": "string"},
                    "subject": {"type": "string"},
                    "title": {"type": "string"},
                    "model": {"type": "string"},
                    "history_periods": {"type": "integer"},
                    "notes": {"type": "array", "items": {"type": "string"}},
                    "backtest": {
                        "type": "object",
                        "required": ["mase", "seasonal_naive_mase", "origins"],
                        "properties": {
                            "mase": {"type": "number"},
                            "seasonal_naive_mase": {"type": "number"},
                            "origins": {"type": "integer"},
                        },
                    },
                    "forecast": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["period", "new", "interval_80", "interval_95"],
                            "properties": {
                                "period": {"type": "string"},
                                "new": {"type": "number"},
                                "interval_80": {"type": "array", "items": {"type": "number"}},
                                "interval_95": {"type": "array", "items": {"type": "number"}},
                            },
                        },
                    },
                },
            },
        ),
        "422",
        "429",
    ),
    "/api/v1/demand/top": _get(
        "demandTop",
        "Fastest-growing and fastest-shrinking occupations or skills in an area (with minimum support)",
        [
            _AREA,
            _query("by", {"type": "string", "enum": ["occupation", "skill"]}),
            _query("window", {"type": "integer", "minimum": 1, "maximum": 24}),
            _LEVEL,
            _PERIOD,
            _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
            _query("min_support", {"type": "integer", "minimum": 1, "maximum": 100000}),
        ],
        _ok(
            "Movers",
            {
                "type": "object",
                "required": ["area", "growing", "shrinking", "too_few"],
                "properties": {
                    "area": {"type": "string"},
                    "area_name": {"type": "string"},
                    "window": {"type": "array", "items": {"type": "string"}},
                    "compared_with": {"type": "array", "items": {"type": "string"}},
                    "growing": {"type": "array", "items": _MOVER},
                    "shrinking": {"type": "array", "items": _MOVER},
                    "too_few": {"type": "integer"},
                    "min_support": {"type": "integer"},
                    "note": {"type": "string"},
                },
            },
        ),
    ),
}

OPENAPI["components"]["schemas"] |= {
    "StoredPosting": {
        "type": "object",
        "required": ["id", "source", "source_id", "title", "occupations", "first_seen", "last_seen"],
        "properties": {
            "id": {"type": "integer"},
            "source": {"type": "string"},
            "source_id": {"type": "string"},
            "url": {"type": ["string", "null"]},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "employer": {"type": ["string", "null"]},
            "posted": {"type": ["string", "null"]},
            "first_seen": {"type": "string"},
            "last_seen": {"type": "string"},
            "cluster_id": {"type": ["integer", "null"]},
            "location": {"type": ["string", "null"]},
            "state": {"type": ["string", "null"]},
            "cbsa": {"type": ["string", "null"]},
            "occupations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["code", "score", "trusted"],
                    "properties": {
                        "code": {"type": "string"},
                        "score": {"type": "number"},
                        "trusted": {"type": "boolean"},
                    },
                },
            },
            "not_a_job": {"type": ["boolean", "null"]},
            "skills": {"type": "array"},
        },
    },
    "Growth": {
        "type": "object",
        "required": [
            "occupation",
            "area",
            "period",
            "new",
            "active",
            "mom",
            "yoy",
            "rolling_3m",
            "mom_interval",
            "low_sample",
        ],
        "properties": {
            "occupation": {"type": "string"},
            "title": {"type": "string"},
            "area": {"type": "string"},
            "period": {"type": "string"},
            "new": {"type": "integer"},
            "active": {"type": "integer"},
            "mom": _NUMBER,
            "mom_interval": _INTERVAL,
            "mom_base": {"type": ["integer", "null"]},
            "low_sample": {"type": "boolean"},
            "yoy": _NUMBER,
            "yoy_interval": _INTERVAL,
            "yoy_low_sample": {"type": "boolean"},
            "rolling_3m": _NUMBER,
            "rolling_3m_interval": _INTERVAL,
            "rolling_3m_low_sample": {"type": "boolean"},
            "share": _NUMBER,
            "postings_per_1000_employed": _NUMBER,
            "oews_employment": _NUMBER,
            "oews_annual_median": _NUMBER,
            "projected_annual_growth_2024_34": _NUMBER,
            "diverges_from_projection": {"type": ["boolean", "null"]},
        },
    },
}
