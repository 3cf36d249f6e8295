"""Posting a review to a merge request: one discussion per finding on the diff's lines, and one
summary note edited in place. Nothing here changes the exit code: posting that fails (a token
that cannot write, an outage) becomes a warning, and the findings still reach the job log and
the Code Quality report.

GitLab refuses discussions one at a time, so one it refuses leaves the others posted and its
finding goes to the summary. Positions are checked against the merge request's own diff first,
so that a refusal is the exception.
"""

from __future__ import annotations

from typing import Any

from reviewer.platforms.followup import Earlier, FollowUp, is_fixed_thread, read_state
from reviewer.platforms.gitlab.api import GitLabAPI, GitLabError
from reviewer.platforms.gitlab.context import GitLabContext
from reviewer.platforms.gitlab.diffmap import FileDiff, file_diffs, position
from reviewer.platforms.plan import (
    SUMMARY_MARKER,
    Inline,
    PostPlan,
    Venue,
    inline_body,
    plan_post,
    posted_fingerprints,
    resolved_reply,
    summary_body,
)
from reviewer.result import Finding, ReviewResult

# A note's body is limited to 1,000,000 characters (https://docs.gitlab.com/api/notes/).
# Suggestions: https://docs.gitlab.com/user/project/merge_requests/reviews/suggestions/ (a
# discussion on a range sits on its last line, so the suggestion reaches up to its first).
GITLAB = Venue("GitLab", 1_000_000, "the job log", suggestion="suggestion:-{above}+0")
TOKEN_HELP = (
    "create a project access token (Settings > Access tokens) with the api scope and the "
    "Developer role (Reporter can comment but not resolve threads), and add it as a masked "
    "CI/CD variable named REVIEWER_GITLAB_TOKEN"
)
# Resolving a thread takes the Developer role (https://gitlab.com/gitlab-org/gitlab/-/issues/
# 358082): a Reporter's token comments, and is refused here.
RESOLVE_HELP = "resolving threads takes a token with the Developer role; the review is posted"
_WHY = {
    401: "GitLab did not accept the token; " + TOKEN_HELP,
    403: "the token may not comment here (CI_JOB_TOKEN never can); " + TOKEN_HELP,
    404: "the token cannot see this project or merge request; " + TOKEN_HELP,
}


def _mr(ctx: GitLabContext) -> str:
    return f"/projects/{ctx.project_ref}/merge_requests/{ctx.mr_iid}"


def earlier(ctx: GitLabContext, api: GitLabAPI) -> Earlier | None:
    """What the last review of this merge request recorded in its summary note."""
    ours = next((n for n in _notes(api, _mr(ctx)) if _is_summary(n)), None)
    return read_state(str(ours.get("body") or "")) if ours is not None else None


def publish(
    result: ReviewResult, ctx: GitLabContext, api: GitLabAPI, follow: FollowUp | None = None
) -> list[str]:
    """Post the discussions, resolve the threads of fixed findings, and write the summary
    note; return the warnings to show."""
    mr = _mr(ctx)
    warnings: list[str] = []
    try:
        notes = _notes(api, mr)
        posted = posted_fingerprints(str(note.get("body") or "") for note in notes)
        version, moved = _version(api, mr, ctx.head_sha, warnings)
        files = file_diffs(version.get("diffs") or []) if version else {}
        plan = plan_post(result, posted, {path: f.ranges for path, f in files.items()})
        if version is not None:
            shas = {
                "base_sha": str(version["base_commit_sha"]),
                "start_sha": str(version.get("start_commit_sha") or version["base_commit_sha"]),
                "head_sha": str(version["head_commit_sha"]),
            }
            if moved:
                plan = _unmoved(plan, files, str(version["head_commit_sha"]), ctx, warnings)
            plan = _discuss(api, mr, plan, files, shas, warnings)
        if follow is not None and follow.gone:
            plan.resolved = _resolve(api, mr, follow, warnings)
        body = summary_body(result, plan, ctx.link, GITLAB, follow)
        ours = next((n for n in notes if _is_summary(n)), None)
        if ours is None:
            api.request("POST", f"{mr}/notes", {"body": body})
        else:
            api.request("PUT", f"{mr}/notes/{ours['id']}", {"body": body})
    except GitLabError as exc:
        why = f"; {_WHY[exc.status]}" if exc.status in _WHY else ""
        warnings.append(
            f"could not post to merge request !{ctx.mr_iid} ({exc}){why}; the findings are in "
            "the job log"
        )
    return warnings


def _resolve(api: GitLabAPI, mr: str, follow: FollowUp, warnings: list[str]) -> int:
    """Reply on and resolve each open discussion of reviewer's whose finding is gone
    (https://docs.gitlab.com/api/discussions/#resolve-a-merge-request-thread); the number
    resolved. A failure is a warning: the review stands."""
    resolved = 0
    try:
        for discussion in api.paginate(f"{mr}/discussions"):
            notes = [n for n in discussion.get("notes") or [] if isinstance(n, dict)]
            spoken = [n for n in notes if not n.get("system")]  # GitLab's own notes say nothing
            open_ = bool(notes) and notes[0].get("resolvable") and not notes[0].get("resolved")
            bodies = [str(n.get("body") or "") for n in spoken]
            if not open_ or not is_fixed_thread(bodies, follow.gone):
                continue
            thread = f"{mr}/discussions/{discussion['id']}"
            # Resolved first: a reply saying so must never stand on a thread left open.
            api.request("PUT", thread, {"resolved": True})
            api.request("POST", f"{thread}/notes", {"body": resolved_reply(follow)})
            resolved += 1
    except GitLabError as exc:
        why = f"; {RESOLVE_HELP}" if exc.status == 403 else ""
        warnings.append(f"could not resolve the threads of fixed findings ({exc}){why}")
    return resolved


def _notes(api: GitLabAPI, mr: str) -> list[dict[str, Any]]:
    """Every note of the merge request: those of its discussions (the diff notes with their
    fingerprints) and the plain ones (the summary), each once."""
    found: dict[Any, dict[str, Any]] = {}
    for kind in ("discussions", "notes"):
        try:
            items = api.paginate(f"{mr}/{kind}")
        except GitLabError as exc:
            if exc.status != 404:
                raise
            continue
        nested = items if kind == "notes" else [n for d in items for n in d.get("notes") or []]
        for note in nested:
            if isinstance(note, dict):
                found.setdefault(note.get("id", len(found)), note)
    return list(found.values())


def _is_summary(note: dict[str, Any]) -> bool:
    """Our summary note: a plain note (not a diff note or a system note) with the marker."""
    plain = note.get("type") != "DiffNote" and not note.get("system")
    return plain and SUMMARY_MARKER in str(note.get("body") or "")


def _version(
    api: GitLabAPI, mr: str, head: str | None, warnings: list[str]
) -> tuple[dict[str, Any] | None, bool]:
    """The merge request's diff version of the reviewed commit, with its diffs; else its latest,
    and True: the merge request moved on since (a push during the review)."""
    versions = [v for v in api.request("GET", f"{mr}/versions").json() if isinstance(v, dict)]
    # Newest first: the latest version of the reviewed commit.
    chosen = next((v for v in versions if head is None or v.get("head_commit_sha") == head), None)
    if not versions:
        warnings.append("the merge request has no diff yet; the findings are in the summary note")
        return None, False
    moved = chosen is None
    chosen = chosen or versions[0]
    try:
        detail: dict[str, Any] = api.request("GET", f"{mr}/versions/{chosen['id']}").json()
        return detail, moved
    except GitLabError as exc:
        if exc.status != 404 or chosen is not versions[0]:
            raise
    # A GitLab (or a proxy) that serves no single version: the latest diffs are this version's.
    return {**chosen, "diffs": _latest_diffs(api, mr)}, moved


def _latest_diffs(api: GitLabAPI, mr: str) -> list[dict[str, Any]]:
    """The merge request's diffs: `GET .../diffs` (GitLab 15.7 and later), else the older
    `GET .../changes`."""
    try:
        return api.paginate(f"{mr}/diffs")
    except GitLabError as exc:
        if exc.status != 404:
            raise
    changes = api.request("GET", f"{mr}/changes").json()
    found = changes.get("changes") if isinstance(changes, dict) else None
    return [entry for entry in found or [] if isinstance(entry, dict)]


def _still_there(file: FileDiff, number: int | None, quote: str) -> bool:
    """Whether line `number` of the diff still holds the quoted code (whitespace aside)."""
    line = file.at(number) if number is not None else None
    text, quote = " ".join((line.text if line else "").split()), " ".join(quote.split())
    return bool(text and quote) and (text in quote or quote in text)


def _unmoved(
    plan: PostPlan, files: dict[str, FileDiff], latest: str, ctx: GitLabContext, warnings: list[str]
) -> PostPlan:
    """On a newer version than the one reviewed, only the findings whose quoted code is still on
    their line there stay inline; the others go to the summary, never onto the wrong line."""
    kept: list[Inline] = []
    stale: list[Finding] = []
    for item in plan.inline:
        file, quote = files[item.finding.path], item.finding.quote
        if not _still_there(file, item.line, quote):
            stale.append(item.finding)
        elif _still_there(file, item.start_line, quote):
            kept.append(item)
        else:
            kept.append(Inline(item.finding, item.line))  # the range's start moved: its end only
    if stale:
        warnings.append(
            f"the merge request moved on to {latest[:12]} since the reviewed commit "
            f"{str(ctx.head_sha)[:12]}: {len(stale)} finding{'s' if len(stale) != 1 else ''} "
            "whose lines changed are in the summary note"
        )
    return PostPlan(kept, stale + plan.unplaced, plan.repeated)


def _discuss(
    api: GitLabAPI,
    mr: str,
    plan: PostPlan,
    files: dict[str, FileDiff],
    shas: dict[str, str],
    warnings: list[str],
) -> PostPlan:
    """One discussion per placed finding; returns the plan with the refused ones moved to the
    summary."""
    refused: list[Inline] = []
    first: GitLabError | None = None
    for item in plan.inline:
        spot = position(files[item.finding.path], item, shas)
        if spot is None:
            refused.append(item)
            continue
        try:
            api.request("POST", f"{mr}/discussions",
                        {"body": inline_body(item, GITLAB), "position": spot})  # fmt: skip
        except GitLabError as exc:
            if exc.status not in (400, 422):
                raise
            refused.append(item)
            first = first or exc
    if first is not None:
        count = len(refused)
        warnings.append(
            f"GitLab refused {count} inline comment{'s' if count != 1 else ''} ({first}); "
            "listed in the summary note instead"
        )
    return plan.refused(refused) if refused else plan
