"""Match a person to occupations: what they have done ("jobs like yours") and where they could go next.

Jobs like yours: every occupation scored on the person's evidence: job titles they held (coded by
the occupation coder), duties they describe (matched to O*NET task statements and detailed work
activities with stemming, so "I drove a forklift" meets "Drive forklifts"), tools and software
they name, and the overall likeness of their text to the occupation's profile.

Next steps: transferability from those occupations: shared skills and knowledge (O*NET importance
profiles), shared work activities, O*NET's related-occupation links (one signal, not the answer),
pay, and a job-zone step of at most ``max_zone_step``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from laborlens.coding.lexicon import lexicon_matches, with_employer_industries
from laborlens.coding.model import OccupationCoder
from laborlens.coding.text import strip_accents
from laborlens.demand import recent_trend
from laborlens.matching.index import MatchingIndex
from laborlens.matching.profile import (
    BLS_EDUCATION_RANK,
    CREDENTIAL_OCCUPATIONS,
    PersonProfile,
    read_profile,
)
from laborlens.reference.areas import Area, resolve_area
from laborlens.reference.occupations import JOB_ZONES, occupation_links
from laborlens.reference.wages import wages_for
from laborlens.sources.postings import current_openings_by_code
from laborlens.store import Store

WEIGHTS = {
    "title": 1.2,  # job titles the person held, coded by the occupation coder in the text's context
    "title_words": 1.0,  # words anywhere in the text that name a job ("forklift", "nanny")
    "task": 1.5,  # duties described vs. O*NET task statements (stemmed TF-IDF, best 3 sentences)
    "dwa": 0.6,  # duties vs. detailed work activities
    "technology": 1.2,  # tools and software named, weighted by how few occupations list them
    "profile": 1.0,  # the whole text vs. the occupation's description, tasks and tools
    "lexicon": 0.5,  # colloquial job words ("babysit", "mow lawns")
    "credential": 1.0,  # a licence or professional degree the occupation requires (LLB: lawyers); under a held title
    "prior": 0.03,  # log national employment: common jobs first when the evidence ties
}


def _top_mean_per_group(values: np.ndarray, bounds: np.ndarray, k: int = 3) -> np.ndarray:
    """Mean of the k largest values in each group values[bounds[g]:bounds[g+1]] (0 for empty groups)."""
    groups = np.repeat(np.arange(len(bounds) - 1), np.diff(bounds))
    order = np.lexsort((values, groups))  # ascending within each group
    ordered = values[order]
    starts, ends = bounds[:-1], bounds[1:]
    total = np.zeros(len(starts), dtype=np.float64)
    count = np.zeros(len(starts), dtype=np.float64)
    for back in range(1, k + 1):
        position = ends - back
        valid = position >= starts
        total[valid] += ordered[position[valid]]
        count[valid] += 1
    return (total / np.maximum(count, 1)).astype(np.float32)


def _mostly_software(coder, phrase: str) -> bool:
    named = sum(s["span"][1] - s["span"][0] for s in coder.skill_matcher_.find(phrase) if s["kind"] == "technology")
    return named * 2 >= len(phrase.replace(" ", ""))


def _only_a_number(found: dict) -> bool:
    """ "2000" (of "Windows 2000") does not name the product "EZ 2000"."""
    return found["phrase"].strip().replace(".", "").isdigit()


@dataclass
class Evidence:
    profile: PersonProfile
    sentence_task: np.ndarray  # sentences x tasks similarity
    task_score: np.ndarray
    dwa_best: np.ndarray  # best sentence similarity per DWA
    title_score: np.ndarray
    title_codes: dict[str, list[str]]  # person's title -> its likeliest codes
    technologies: list[dict]
    lexicon: np.ndarray
    like: np.ndarray  # combined "jobs like yours" score per occupation


class PersonMatcher:
    """Scores occupations for a person. Build it with :meth:`from_parts` after the model is built."""

    def __init__(self, index: MatchingIndex, coder: OccupationCoder):
        self.index = index
        self.coder = coder
        self.position = {c: i for i, c in enumerate(index.codes)}
        has_tasks = np.zeros(len(index.codes), dtype=bool)
        has_tasks[index.task_code] = True
        self.has_tasks = has_tasks
        self.technology_df: dict[str, int] = {}
        for names in index.technologies.values():
            for name in names:
                self.technology_df[name] = self.technology_df.get(name, 0) + 1
        rows = [sorted(index.dwa_codes[c]) for c in index.codes]
        self.dwa_incidence = sp.csr_matrix(
            (
                np.ones(sum(map(len, rows))),
                np.concatenate([r for r in rows if r] or [[]]).astype(np.int64),
                np.cumsum([0] + [len(r) for r in rows]),
            ),
            shape=(len(index.codes), len(index.dwa_text)),
        )
        norms = np.linalg.norm(index.importance, axis=1)
        self.importance_unit = index.importance / np.where(norms > 0, norms, 1.0)[:, None]

    # ---- evidence ---------------------------------------------------------------------------------
    def evidence(self, text: str) -> Evidence:
        index, coder = self.index, self.coder
        profile = read_profile(text)
        sentences = profile.sentences or [text]
        # "I worked at Wendy's" says "fast food restaurant": the vectors read it, the reasons quote the person
        vectors = index.vectorizer.transform([with_employer_industries(s) for s in sentences])
        sims = (vectors @ index.task_matrix.T).toarray()
        starts = index.task_starts[self.has_tasks]
        per_occupation = np.zeros((len(sentences), len(index.codes)), dtype=np.float32)
        per_occupation[:, self.has_tasks] = np.maximum.reduceat(sims, starts, axis=1)
        best = np.sort(per_occupation, axis=0)[::-1][:3]
        task_score = best.mean(axis=0)
        dwa_best = (vectors @ index.dwa_matrix.T).toarray().max(axis=0)
        dwa_score = _top_mean_per_group(dwa_best[self.dwa_incidence.indices], self.dwa_incidence.indptr)
        # Words that name a job anywhere in the text ("forklift", "nanny") against every occupation's titles;
        # an occupation with several such titles (many "Forklift ..." titles) is the likelier one.
        per_title = (vectors @ index.title_matrix.T).toarray().max(axis=0)
        title_words = _top_mean_per_group(per_title, np.append(index.title_starts, len(per_title)))
        title_score = np.zeros(len(index.codes), dtype=np.float32)
        title_codes: dict[str, list[str]] = {}
        # "SQL Server" and "MongoDB Server" are software, not a waiter's job: a heading mostly made of
        # software names, or a comma list ("Windows, Ms"), is not a job title.
        profile.titles = [t for t in profile.titles if "," not in t and not _mostly_software(coder, t)]
        if profile.titles:
            # Each title is coded in the context of the whole text ("Test Engineer" in a software resume).
            context = text[:3000]
            signals = coder._signals([{"title": t, "description": context} for t in profile.titles])
            probabilities = coder._softmax(coder._scores(signals))
            strength = np.clip((signals["title"].max(axis=1) - 0.55) / 0.35, 0.0, 1.0)
            weighted = probabilities * strength[:, None]
            for row, title in enumerate(profile.titles):
                if strength[row] > 0:
                    top = np.argsort(-probabilities[row])[:3]
                    title_codes[title] = [str(coder.classes_[j]) for j in top]
            title_score = self._align(weighted.max(axis=0))

        technologies = [t for t in coder.skill_matcher_.find(text) if not _only_a_number(t)]
        named = {t["name"].lower() for t in technologies}
        # Tools and software weigh by how few occupations list them: "Selenium" says more than "Forklifts".
        weights = {name: math.log(len(index.codes) / max(1, self.technology_df.get(name, 1))) for name in named}
        total = sum(weights.values()) + 4.0
        technology = np.array(
            [sum(weights[n] for n in named & index.technologies[c]) / total for c in index.codes], dtype=np.float32
        )
        profile_score = self._align(coder._description_signal([with_employer_industries(profile.work[:20000])])[0])
        lexicon = np.zeros(len(index.codes), dtype=np.float32)
        for _, code, strength in lexicon_matches(strip_accents(text.lower())):
            if code in self.position:
                lexicon[self.position[code]] = max(lexicon[self.position[code]], strength)
        credential = np.zeros(len(index.codes), dtype=np.float32)
        for label in profile.credential_words:
            for code in CREDENTIAL_OCCUPATIONS[label]:
                if code in self.position:
                    credential[self.position[code]] = 1.0
        like = (
            WEIGHTS["title"] * title_score
            + WEIGHTS["title_words"] * title_words
            + WEIGHTS["task"] * task_score
            + WEIGHTS["dwa"] * dwa_score
            + WEIGHTS["technology"] * technology
            + WEIGHTS["profile"] * profile_score
            + WEIGHTS["lexicon"] * lexicon
            + WEIGHTS["credential"] * credential
            + WEIGHTS["prior"] * index.log_prior
        )
        return Evidence(profile, sims, task_score, dwa_best, title_score, title_codes, technologies, lexicon, like)

    def _align(self, values: np.ndarray) -> np.ndarray:
        """Coder scores come in the coder's code order; put them in the index's."""
        if list(self.coder.classes_) == self.index.codes:
            return values.astype(np.float32)
        result = np.zeros(len(self.index.codes), dtype=np.float32)
        for j, code in enumerate(self.coder.classes_):
            if code in self.position:
                result[self.position[code]] = values[j]
        return result

    # ---- ranking ---------------------------------------------------------------------------------
    def rank(self, evidence: Evidence, *, top: int = 10, no_pay_cut: bool = False, max_zone_step: int = 1):
        """(jobs like yours [(index, score)], next steps [(index, score)], the person's skill profile)."""
        index = self.index
        like = evidence.like
        order = np.argsort(-like)
        best = float(like[order[0]]) or 1.0
        jobs_like_yours = [(int(i), float(like[i] / best)) for i in order[:top]]

        sources = [i for i, _ in jobs_like_yours[:3]]
        weights = np.array([max(score, 1e-6) for _, score in jobs_like_yours[:3]])
        person_skills = (index.importance[sources] * weights[:, None]).sum(axis=0) / weights.sum()
        unit = person_skills / (np.linalg.norm(person_skills) or 1.0)
        skill_similarity = self.importance_unit @ unit
        source_dwas = set().union(*(index.dwa_codes[index.codes[i]] for i in sources))
        overlap = np.array(
            [len(index.dwa_codes[c] & source_dwas) / max(1, len(index.dwa_codes[c])) for c in index.codes]
        )
        related = np.zeros(len(index.codes))
        for rank, source in enumerate(sources):
            for position, code in enumerate(index.related.get(index.codes[source], [])[:10]):
                related[self.position[code]] = max(
                    related[self.position[code]], (1.0 if rank == 0 else 0.5) * (1.0 - position / 20)
                )
        current_zone = int(index.job_zone[sources[0]])
        current_pay = index.national_median[sources[0]]
        ratio = index.national_median / current_pay if np.isfinite(current_pay) else np.full(len(like), np.nan)
        pay_term = np.nan_to_num(np.clip(np.log2(ratio), -1.0, 1.0), nan=0.0)
        transfer = 0.4 * skill_similarity + 0.25 * overlap + 0.15 * related + 0.2 * like / best + 0.1 * pay_term
        excluded = {i for i, _ in jobs_like_yours}
        next_steps = []
        for i in np.argsort(-transfer):
            if i in excluded:
                continue
            zone = int(index.job_zone[i])
            if current_zone and zone and not (-1 <= zone - current_zone <= max_zone_step):
                continue
            if no_pay_cut and not (np.isfinite(ratio[i]) and ratio[i] >= 1.0):
                continue
            next_steps.append((int(i), float(transfer[i])))
            if len(next_steps) == top:
                break
        return jobs_like_yours, next_steps, person_skills

    # ---- explaining ------------------------------------------------------------------------------
    def why(self, evidence: Evidence, i: int, person_skills: np.ndarray, next_step: bool) -> list[dict]:
        index = self.index
        code = index.codes[i]
        reasons = []
        for title, codes in evidence.title_codes.items():
            if code in codes:
                reasons.append({"you_said": title, "matches": f"job title: {index.titles[code]}", "kind": "title"})
        for label, words in evidence.profile.credential_words.items():
            if code in CREDENTIAL_OCCUPATIONS[label]:
                reasons.append({"you_said": words, "matches": f"credential: {label}", "kind": "credential"})
        first, last = (
            index.task_starts[i],
            (index.task_starts[i + 1] if i + 1 < len(index.codes) else len(index.task_text)),
        )
        if last > first:
            block = evidence.sentence_task[:, first:last]
            for row in np.argsort(-block.max(axis=1))[:3]:
                column = int(np.argmax(block[row]))
                if block[row, column] >= 0.15:
                    reasons.append(
                        {
                            "you_said": evidence.profile.sentences[row]
                            if evidence.profile.sentences
                            else evidence.profile.text[:200],
                            "matches": index.task_text[first + column],
                            "kind": "task",
                            "similarity": round(float(block[row, column]), 3),
                        }
                    )
        for technology in evidence.technologies:
            if technology["name"].lower() in index.technologies[code]:
                reasons.append({"you_said": technology["phrase"], "matches": technology["name"], "kind": "tool"})
        shared = [
            (index.element_names[k], float(index.importance[i, k]))
            for k in np.argsort(-np.minimum(person_skills, index.importance[i]))[:3]
            if person_skills[k] >= 3.0 and index.importance[i, k] >= 3.0
        ]
        for name, _ in shared if next_step else []:
            reasons.append({"you_said": None, "matches": f"shared skill: {name}", "kind": "skill"})
        return reasons

    def gap(self, evidence: Evidence, i: int, person_skills: np.ndarray) -> dict:
        index = self.index
        code = index.codes[i]
        first, last = (
            index.task_starts[i],
            (index.task_starts[i + 1] if i + 1 < len(index.codes) else len(index.task_text)),
        )
        shown = evidence.sentence_task[:, first:last].max(axis=0) if last > first else np.array([])
        tasks = [index.task_text[first + k] for k in range(last - first) if shown[k] < 0.15][:3]
        needed = index.importance[i] - person_skills
        skills = [
            {"name": index.element_names[k], "importance": round(float(index.importance[i, k]), 2)}
            for k in np.argsort(-needed)[:5]
            if needed[k] >= 0.75 and index.importance[i, k] >= 3.0
        ][:3]
        credentials = []
        entry = index.education_bls.get(code)
        person_rank = evidence.profile.education[0] if evidence.profile.education else None
        if entry and BLS_EDUCATION_RANK.get(entry, 0) > (person_rank if person_rank is not None else 0):
            credentials.append(
                {
                    "name": entry,
                    "why": "typical education needed to start (BLS)",
                    "you_have": evidence.profile.education[1] if evidence.profile.education else None,
                }
            )
        return {"tasks": tasks, "skills": skills, "credentials": credentials}

    def describe(
        self,
        store: Store,
        area: Area,
        evidence: Evidence,
        i: int,
        score: float,
        person_skills: np.ndarray,
        next_step: bool = False,
    ) -> dict:
        index = self.index
        code = index.codes[i]
        wages = wages_for(store, code, area)
        zone = int(index.job_zone[i]) or None
        return {
            "code": code,
            "title": index.titles[code],
            "score": round(score, 4),
            "why": self.why(evidence, i, person_skills, next_step),
            "gap": self.gap(evidence, i, person_skills),
            "job_zone": zone,
            "job_zone_name": JOB_ZONES.get(zone),
            "education": {"bls_entry": index.education_bls.get(code), "onet_typical": index.education_onet.get(code)},
            "pay": None
            if wages is None
            else {
                "median": wages.annual_median,
                "p25": wages.annual_p25,
                "p75": wages.annual_p75,
                "hourly_median": wages.hourly_median,
                "area": wages.area_name,
                "area_level": wages.area_level,
                "note": wages.note,
                "source": "OEWS May 2025",
            },
            "outlook": {
                "change_percent": index.change_percent.get(code),
                "openings_annual": index.openings.get(code),
                "source": "BLS Employment Projections 2024-34",
            },
            "links": occupation_links(code),
        }

    def match(
        self,
        store: Store,
        text: str,
        *,
        area: str | Area = "national",
        top: int = 10,
        no_pay_cut: bool = False,
        max_zone_step: int = 1,
    ) -> dict:
        """Jobs like yours, next steps, and the combined ranking, each occupation fully described."""
        place = area if isinstance(area, Area) else resolve_area(store, area)
        evidence = self.evidence(text)
        like, steps, person_skills = self.rank(evidence, top=top, no_pay_cut=no_pay_cut, max_zone_step=max_zone_step)
        jobs = [
            self.describe(store, place, evidence, i, s, person_skills) | {"list": "jobs_like_yours"} for i, s in like
        ]
        nexts = [
            self.describe(store, place, evidence, i, s, person_skills, next_step=True) | {"list": "next_steps"}
            for i, s in steps
        ]
        codes = [o["code"] for o in jobs + nexts]
        openings = current_openings_by_code(
            store, codes, cbsa=place.code if place.kind == "cbsa" else None, state=place.state_fips
        )
        trends = recent_trend(store, place, codes)
        for occupation in jobs + nexts:
            occupation["local_demand"] = openings[occupation["code"]] if openings else None
            occupation["local_trend"] = trends.get(occupation["code"])
        profile = evidence.profile
        return {
            "person": {
                "titles": [{"title": t, "codes": c} for t, c in evidence.title_codes.items()],
                "tools_and_technology": [{"name": t["name"], "phrase": t["phrase"]} for t in evidence.technologies],
                "education": profile.education[1] if profile.education else None,
                "credentials": profile.credentials,
                "years_experience": profile.years_experience,
            },
            "area": {"key": place.key, "name": place.name},
            "options": {"top": top, "no_pay_cut": no_pay_cut, "max_zone_step": max_zone_step},
            "jobs_like_yours": jobs,
            "next_steps": nexts,
            "occupations": jobs + nexts,  # what they have done first, then where they could go
        }
