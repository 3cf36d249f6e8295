"""The token families: what a service's keys and tokens look like, each with where its format
comes from. Data only; `scan` compiles it.

`Family`: a token known by its shape wherever it stands (a prefix, a fixed form, a webhook's
address). `pattern` is the token, or the address with the secret part in the group `s`; a line
holding none of the `keywords` (lowercase, "|"-separated) never runs it.

`Named`: a value a service issues without a prefix of its own (a UUID, 32 hex digits), known
only by the service's name in the name it is assigned to (`HEROKU_API_KEY = "<uuid>"`).
`pattern` is the whole value; `names` are the words the name must hold.

Sources: `gl:<file>` is that file of gitleaks' rule set (the maintained rule set most scanners
start from), `ds:<plugin>` that plugin of detect-secrets, `np:<file>` that rule file of Nosey
Parker's, `th:<detector>` that detector of TruffleHog's; `doc:<vendor>` is the vendor's
documentation of the format, listed in SOURCES.
"""

from __future__ import annotations

from typing import NamedTuple


class Family(NamedTuple):
    kind: str
    pattern: str
    keywords: str
    source: str


class Named(NamedTuple):
    kind: str
    pattern: str
    names: str
    source: str


GITLEAKS = "https://github.com/gitleaks/gitleaks/blob/master/cmd/generate/config/rules/{}.go"
DETECT_SECRETS = "https://github.com/Yelp/detect-secrets/blob/master/detect_secrets/plugins/{}.py"
NOSEY_PARKER = "https://github.com/praetorian-inc/noseyparker/blob/main/crates/noseyparker/data/default/builtin/rules/{}.yml"
TRUFFLEHOG = "https://github.com/trufflesecurity/trufflehog/tree/main/pkg/detectors/{}"
_RULE_SETS = {"gl": GITLEAKS, "ds": DETECT_SECRETS, "np": NOSEY_PARKER, "th": TRUFFLEHOG}
SOURCES: dict[str, str] = {
    "doc:aws": "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids",
    "doc:azure-storage": "https://learn.microsoft.com/en-us/azure/storage/common/storage-configure-connection-string",
    "doc:azure-sas": "https://learn.microsoft.com/en-us/rest/api/storageservices/create-service-sas",
    "doc:tencent": "https://cloud.tencent.com/document/api/628/14940",
    "doc:baidu": "https://cloud.baidu.com/doc/qianfan-api/s/3m9b5lqft",
    "doc:zhipu": "https://open.bigmodel.cn/dev/api/http-call/http-auth",
    "doc:github": "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/",
    "doc:gitlab": "https://docs.gitlab.com/security/tokens/#token-prefixes",
    "doc:slack": "https://api.slack.com/authentication/token-types",
    "doc:slack-webhook": "https://api.slack.com/messaging/webhooks",
    "doc:teams": "https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook",
    "doc:power-automate": "https://learn.microsoft.com/en-us/power-automate/triggers-introduction",
    "doc:discord": "https://discord.com/developers/docs/resources/webhook",
    "doc:discord-bot": "https://discord.com/developers/docs/reference#authentication",
    "doc:dingtalk": "https://open.dingtalk.com/document/robots/custom-robot-access",
    "doc:wecom": "https://developer.work.weixin.qq.com/document/path/91770",
    "doc:feishu": "https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot",
    "doc:google-chat": "https://developers.google.com/workspace/chat/quickstart/webhooks",
    "doc:google-oauth": "https://developers.google.com/identity/protocols/oauth2",
    "doc:firebase": "https://firebase.google.com/docs/cloud-messaging/auth-server",
    "doc:zapier": "https://help.zapier.com/hc/en-us/articles/8496288690317",
    "doc:ifttt": "https://help.ifttt.com/hc/en-us/articles/115010230347",
    "doc:telegram": "https://core.telegram.org/bots/api#authorizing-your-bot",
    "doc:npm": "https://github.blog/changelog/2021-09-23-npm-has-a-new-access-token-format/",
    "doc:pypi": "https://pypi.org/help/#apitoken",
    "doc:docker": "https://docs.docker.com/security/for-developers/access-tokens/",
    "doc:sonar": "https://docs.sonarsource.com/sonarqube-server/latest/user-guide/managing-tokens/",
    "doc:buildkite": "https://buildkite.com/docs/apis/managing-api-tokens",
    "doc:circleci": "https://circleci.com/changelog/new-format-for-api-access-tokens/",
    "doc:datadog": "https://docs.datadoghq.com/account_management/personal-access-tokens/",
    "doc:wechat": "https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html",
    "doc:stripe": "https://docs.stripe.com/keys",
    "doc:stripe-webhook": "https://docs.stripe.com/webhooks#verify-events",
    "doc:openai": "https://platform.openai.com/docs/api-reference/authentication",
    "doc:openrouter": "https://openrouter.ai/docs/api-reference/authentication",
    "doc:replicate": "https://replicate.com/docs/reference/http#authentication",
    "doc:xai": "https://docs.x.ai/docs/overview",
    "doc:nvidia": "https://docs.api.nvidia.com/nim/docs/api-quickstart",
    "doc:elevenlabs": "https://elevenlabs.io/docs/api-reference/authentication",
    "doc:notion": "https://developers.notion.com/docs/authorization",
    "doc:figma": "https://www.figma.com/developers/api#access-tokens",
    "doc:supabase": "https://supabase.com/docs/guides/api/api-keys",
    "doc:render": "https://render.com/docs/api#1-create-an-api-key",
    "doc:tailscale": "https://tailscale.com/kb/1277/key-prefixes",
    "doc:posthog": "https://posthog.com/docs/api#how-to-obtain-a-personal-api-key",
    "doc:airtable": "https://airtable.com/developers/web/guides/personal-access-tokens",
    "doc:brevo": "https://developers.brevo.com/docs/getting-started",
    "doc:age": "https://age-encryption.org/v1",
    "doc:bedrock": "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
    "doc:pem": "https://www.rfc-editor.org/rfc/rfc7468",
    "doc:1password": "https://developer.1password.com/docs/service-accounts/security/",
    "doc:jenkins": "https://www.jenkins.io/doc/developer/security/secrets/",
    "doc:nuget": "https://learn.microsoft.com/en-us/nuget/nuget-org/scoped-api-keys",
    "doc:volcengine": "https://www.volcengine.com/docs/6291/65568",
    "doc:langfuse": "https://langfuse.com/docs/api",
}


def source_url(source: str) -> str:
    """The page a family's format comes from."""
    kind, _, name = source.partition(":")
    if kind in _RULE_SETS:
        return _RULE_SETS[kind].format(name)
    return SOURCES[source]


# Families known by shape alone (no keyword) are tried only on lines this finds: a part every
# one of them has, after a `:`, `.`, `|` or `%`, which a fast scan can look for.
BARE_ANCHOR = r"[:.|%](?:[\w-]{27}|[\w-]{6}\.[\w-]{27}|[A-Za-z0-9]{16}(?![A-Za-z0-9])|[a-f0-9]{32})"

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
HEX32 = r"[a-fA-F0-9]{32}"
B64 = r"[A-Za-z0-9+/]"

FAMILIES: tuple[Family, ...] = (
    # Cloud platforms
    Family("aws-access-key", r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}", "a3t|akia|asia|abia|acca|agpa|aida|aroa|aipa|anpa|anva|apka", "doc:aws"),
    Family("gcp-api-key", r"AIza[\w-]{35}", "aiza", "gl:gcp"),
    Family("google-oauth-secret", r"GOCSPX-[\w-]{28}", "gocspx-", "doc:google-oauth"),
    Family("google-oauth-token", r"ya29\.[\w-]{30,}", "ya29.", "doc:google-oauth"),
    Family("google-refresh-token", r"1//0[\w-]{40,}", "1//0", "doc:google-oauth"),
    Family("firebase-server-key", r"AAAA[\w-]{7}:APA91b[\w-]{130,}", "apa91b", "doc:firebase"),
    Family("azure-storage-key", r"(?i:AccountKey|SharedAccessKey)=(?P<s>[A-Za-z0-9+/]{20,}={0,2})", "accountkey|sharedaccesskey", "doc:azure-storage"),
    Family("azure-sas-token", r"(?<=[?&;])sig=(?P<s>[A-Za-z0-9%+/]{20,}(?:%3[dD]|=){0,2})", "sig=", "doc:azure-sas"),
    Family("azure-ad-client-secret", r"[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}", "q~", "gl:azure"),
    Family("alibaba-access-key", r"LTAI[a-zA-Z0-9]{12,20}", "ltai", "gl:alibaba"),
    Family("tencent-secret-id", r"AKID[a-zA-Z0-9]{32,36}", "akid", "doc:tencent"),
    Family("baidu-api-key", r"bce-v3/ALTAK-[A-Za-z0-9]{16,}/[A-Za-z0-9]{20,}", "bce-v3/", "doc:baidu"),
    Family("digitalocean-token", r"do[opr]_v1_[a-f0-9]{64}", "doo_v1_|dop_v1_|dor_v1_", "gl:digitalocean"),
    Family("heroku-api-key", r"HRKU-AA[0-9a-zA-Z_-]{58}", "hrku-", "gl:heroku"),
    Family("flyio-token", r"fo1_[\w-]{43}|fm[12][ar]?_[a-zA-Z0-9+/]{100,}={0,3}", "fo1_|fm1|fm2_", "gl:flyio"),
    Family("terraform-token", r"[a-zA-Z0-9]{14}\.atlasv1\.[a-zA-Z0-9_=-]{60,70}", "atlasv1", "gl:hashicorp"),
    Family("vault-token", r"hv[sbr]\.[\w-]{24,300}", "hvs.|hvb.|hvr.", "gl:hashicorp_vault"),
    Family("vault-legacy-token", r"s\.(?=[a-zA-Z]*\d)(?=[a-z0-9]*[A-Z])[a-zA-Z0-9]{24}", "s.", "gl:hashicorp_vault"),
    Family("doppler-token", r"dp\.(?:pt|st|ct|sa|scim|audit)\.(?:[a-z0-9_-]{1,20}\.)?[a-zA-Z0-9]{40,44}", "dp.", "gl:doppler"),
    Family("defined-networking-token", r"dnkey-[\w=-]{26}-[\w=-]{52}", "dnkey-", "gl:definednetworking"),
    Family("aiven-token", r"AVNS_[\w-]{21}", "avns_", "ds:aiven"),
    Family("aws-bedrock-key", r"ABSK[A-Za-z0-9+/]{100,}={0,2}", "absk", "doc:bedrock"),
    Family("softlayer-key", r"api\.softlayer\.com/(?:soap|rest)/v3(?:\.1)?/(?P<s>[a-z0-9]{64})", "api.softlayer.com", "ds:softlayer"),
    Family("pulumi-token", r"pul-[a-f0-9]{40}", "pul-", "gl:pulumi"),
    Family("planetscale-token", r"pscale_(?:tkn|oauth|pw)_[\w=.-]{32,64}", "pscale_", "gl:planetscale"),
    Family("databricks-token", r"dapi[a-h0-9]{32}(?:-\d)?", "dapi", "gl:databricks"),
    Family("dynatrace-token", r"dt0c01\.[a-zA-Z0-9]{24}\.[a-zA-Z0-9]{64}", "dt0c01.", "gl:dynatrace"),
    Family("scalingo-token", r"tk-us-[\w-]{48}", "tk-us-", "gl:scalingo"),
    Family("prefect-token", r"pnu_[a-zA-Z0-9]{36}", "pnu_", "gl:prefect"),
    Family("infracost-token", r"ico-[a-zA-Z0-9]{32}", "ico-", "gl:infracost"),
    Family("octopus-deploy-key", r"API-[A-Z0-9]{26}", "api-", "gl:octopusdeploy"),
    Family("openshift-token", r"sha256~[\w-]{43}", "sha256~", "gl:openshift"),
    Family("cloudflare-origin-ca-key", r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}", "v1.0-", "gl:cloudflare"),
    Family("clickhouse-secret", r"4b1d[A-Za-z0-9]{38}", "4b1d", "gl:clickhouse"),
    Family("supabase-token", r"sbp_[a-f0-9]{40}|sb_secret_[\w-]{31,}", "sbp_|sb_secret_", "doc:supabase"),
    Family("render-key", r"rnd_[A-Za-z0-9]{32}", "rnd_", "doc:render"),
    Family("tailscale-key", r"tskey-(?:api|auth|client|webhook|scim)-[\w-]{16,}", "tskey-", "doc:tailscale"),
    # Source control, packages and CI
    Family("github-pat", r"ghp_[0-9a-zA-Z]{36,255}", "ghp_", "doc:github"),
    Family("github-oauth", r"gho_[0-9a-zA-Z]{36,255}", "gho_", "doc:github"),
    Family("github-app-token", r"gh[us]_[0-9a-zA-Z]{36,255}", "ghu_|ghs_", "doc:github"),
    Family("github-refresh-token", r"ghr_[0-9a-zA-Z]{36,255}", "ghr_", "doc:github"),
    Family("github-fine-grained-pat", r"github_pat_\w{22,255}", "github_pat_", "doc:github"),
    Family("gitlab-pat", r"glpat-[\w.-]{20,}", "glpat-", "doc:gitlab"),
    Family("gitlab-trigger-token", r"glptt-[0-9a-f]{40}", "glptt-", "doc:gitlab"),
    Family("gitlab-runner-token", r"glrt-[\w.-]{20,}|GR1348941[\w-]{20}", "glrt-|gr1348941", "doc:gitlab"),
    Family("gitlab-oauth-secret", r"gloas-[\w-]{64}", "gloas-", "doc:gitlab"),
    Family("gitlab-deploy-token", r"gldt-[\w-]{20,}", "gldt-", "doc:gitlab"),
    Family("gitlab-feed-token", r"glft-[\w-]{20,}", "glft-", "doc:gitlab"),
    Family("gitlab-mail-token", r"glimt-[\w-]{25}", "glimt-", "doc:gitlab"),
    Family("gitlab-agent-token", r"glagent-[\w-]{50,}", "glagent-", "doc:gitlab"),
    Family("gitlab-scim-token", r"glsoat-[\w-]{20,}", "glsoat-", "doc:gitlab"),
    Family("gitlab-feature-flag-token", r"glffct-[\w-]{20,}", "glffct-", "doc:gitlab"),
    Family("gitlab-job-token", r"glcbt-[0-9a-zA-Z]{1,5}_[\w-]{20}", "glcbt-", "doc:gitlab"),
    Family("gitlab-session-cookie", r"_gitlab_session=(?P<s>[0-9a-z]{32})", "_gitlab_session=", "gl:gitlab"),
    Family("atlassian-token", r"ATATT3[\w=-]{186}|ATCTT3[\w=-]{100,}", "atatt3|atctt3", "gl:atlassian"),
    Family("npm-token", r"npm_[A-Za-z0-9]{36}", "npm_", "doc:npm"),
    Family("pypi-token", r"pypi-AgE[IN][\w-]{50,}", "pypi-age", "doc:pypi"),
    Family("rubygems-token", r"rubygems_[a-zA-Z0-9]{48}", "rubygems_", "gl:rubygems"),
    Family("clojars-token", r"(?i:CLOJARS_)[a-zA-Z0-9]{60}", "clojars_", "gl:clojars"),
    Family("docker-hub-token", r"dckr_(?:pat|oat)_[\w-]{20,}", "dckr_", "doc:docker"),
    Family("sonar-token", r"sq[pua]_[a-f0-9]{40}", "sqp_|squ_|sqa_", "doc:sonar"),
    Family("sourcegraph-token", r"sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}|sgph_[\w]{30,}", "sgp_|sgph_", "gl:sourcegraph"),
    Family("artifactory-key", r"AKCp[A-Za-z0-9]{69}|cmVmd[A-Za-z0-9]{59}", "akcp|cmvmd", "gl:artifactory"),
    Family("buildkite-token", r"bkua_[a-f0-9]{40}", "bkua_", "doc:buildkite"),
    Family("circleci-token", r"CCIP(?:AT|RJ)_[A-Za-z0-9]{20,24}_[a-f0-9]{40}", "ccipat_|cciprj_", "doc:circleci"),
    Family("harness-token", r"(?:pat|sat)\.[\w-]{22}\.[a-zA-Z0-9]{24}\.[a-zA-Z0-9]{20}", "pat.|sat.", "gl:harness"),
    # Chat and webhooks
    Family("slack-bot-token", r"xoxb-[0-9]{8,14}-[0-9a-zA-Z-]{10,}(?<!-)", "xoxb-", "doc:slack"),
    Family("slack-user-token", r"xox[pe](?:-[0-9]{8,13}){3}-[0-9a-zA-Z]{28,34}|xoxe-\d-[A-Za-z0-9]{140,}", "xoxp-|xoxe-", "doc:slack"),
    Family("slack-token", r"xox[os]-\d+-\d+-\d+-[a-fA-F\d]+|xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}(?:-[0-9a-zA-Z]+)*|xoxc-\d+-\d+-\d+-[a-f0-9]{64}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}", "xoxa-|xoxo-|xoxr-|xoxs-|xoxc-|xoxe.", "doc:slack"),
    Family("slack-app-token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+|xapp-[\w-]{30,}", "xapp-", "doc:slack"),
    Family("slack-webhook", r"hooks\.slack\.com/(?:services|workflows|triggers)/(?P<s>[\w+/-]{20,})", "hooks.slack.com", "doc:slack-webhook"),
    Family("teams-webhook", r"[\w-]+\.webhook\.office\.com/webhook(?:b2)?/(?P<s>[\w@/-]{40,})|outlook\.office(?:365)?\.com/webhook/(?P<s2>[\w@/-]{40,})", "webhook.office.com|outlook.office", "doc:teams"),
    Family("power-automate-webhook", r"logic\.azure\.com[:\d]*/workflows/[\w/?=&%.-]*?[?&]sig=(?P<s>[\w%-]{20,})", "logic.azure.com", "doc:power-automate"),
    Family("discord-webhook", r"discord(?:app)?\.com/api/webhooks/(?P<s>\d+/[\w-]{20,})", "discord", "doc:discord"),
    Family("dingtalk-webhook", r"oapi\.dingtalk\.com/robot/send\?access_token=(?P<s>[0-9a-f]{32,64})", "oapi.dingtalk.com", "doc:dingtalk"),
    Family("dingtalk-secret", r"SEC[0-9a-f]{64}", "sec", "doc:dingtalk"),
    Family("wecom-webhook", r"qyapi\.weixin\.qq\.com/cgi-bin/webhook/send\?key=(?P<s>[\w-]{20,})", "qyapi.weixin.qq.com", "doc:wecom"),
    Family("feishu-webhook", r"open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?P<s>[\w-]{20,})", "open.feishu.cn|open.larksuite.com", "doc:feishu"),
    Family("google-chat-webhook", r"chat\.googleapis\.com/v1/spaces/[\w-]+/messages\?(?P<s>key=[\w-]{20,}&token=[\w%=-]{20,})", "chat.googleapis.com", "doc:google-chat"),
    Family("zapier-webhook", r"hooks\.zapier\.com/hooks/catch/(?P<s>\d+/\w+)", "hooks.zapier.com", "doc:zapier"),
    Family("ifttt-webhook", r"maker\.ifttt\.com/(?:trigger/[\w-]+/with/)?key/(?P<s>[\w-]{20,})", "maker.ifttt.com", "doc:ifttt"),
    Family("telegram-bot-token", r"(?:bot)?(?P<s>\d{5,16}:A[\w-]{34})|(?:bot)?(?P<s2>\d{8,10}:[\w-]{35})", "", "doc:telegram"),
    Family("discord-bot-token", r"[MNO][A-Za-z\d_-]{23,25}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,38}", "", "doc:discord-bot"),
    Family("twilio-api-key", r"SK[0-9a-fA-F]{32}", "sk", "gl:twilio"),
    Family("sendgrid-key", r"SG\.[\w=.-]{60,70}", "sg.", "gl:sendgrid"),
    Family("brevo-key", r"x(?:keysib|smtpsib)-[a-f0-9]{64}-[a-zA-Z0-9]{16}", "xkeysib-|xsmtpsib-", "doc:brevo"),
    Family("mailgun-key", r"key-[0-9a-zA-Z]{32}", "key-", "gl:mailgun"),
    Family("mailchimp-key", r"[0-9a-f]{32}-us\d{1,2}", "-us", "gl:mailchimp"),
    # Payments and commerce
    Family("stripe-key", r"(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}", "sk_test|sk_live|sk_prod|rk_test|rk_live|rk_prod", "doc:stripe"),
    Family("stripe-webhook-secret", r"whsec_[a-zA-Z0-9]{32,}", "whsec_", "doc:stripe-webhook"),
    Family("square-token", r"(?:EAAA|sq0atp-)[\w-]{22,60}|sq0csp-[\w-]{43}", "eaaa|sq0atp-|sq0csp-", "gl:square"),
    Family("braintree-token", r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}", "access_token$", "gl:braintree"),
    Family("flutterwave-key", r"FLW(?:SECK|PUBK)(?:_TEST)?-[a-h0-9]{12,32}(?:-X)?", "flwseck|flwpubk", "gl:flutterwave"),
    Family("shopify-token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", "shpat_|shpca_|shppa_|shpss_", "gl:shopify"),
    Family("shippo-token", r"shippo_(?:live|test)_[a-fA-F0-9]{40}", "shippo_", "gl:shippo"),
    Family("duffel-token", r"duffel_(?:test|live)_[\w=-]{43}", "duffel_", "gl:duffel"),
    Family("easypost-token", r"EZ[AT]K[a-zA-Z0-9]{54}", "ezak|eztk", "gl:easypost"),
    Family("plaid-token", r"access-(?:sandbox|development|production)-" + UUID, "access-sandbox|access-development|access-production", "gl:plaid"),
    Family("facebook-token", r"EAA[A-Za-z0-9]{60,}", "eaa", "gl:facebook"),
    Family("facebook-access-token", r"\d{15,16}[|%][0-9a-zA-Z_-]{27,40}", "", "gl:facebook"),
    # Models and AI services
    Family("anthropic-key", r"sk-ant-(?:api|admin|sid)\d\d-[\w-]{20,}", "sk-ant-", "gl:anthropic"),
    Family("openrouter-key", r"sk-or-v1-[a-f0-9]{64}", "sk-or-", "doc:openrouter"),
    Family("openai-key", r"sk-(?:proj|svcacct|admin|None)-[\w-]{20,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", "sk-", "gl:openai"),
    Family("model-api-key", r"sk-[A-Za-z0-9]{24,}", "sk-", "doc:openai"),
    Family("groq-key", r"gsk_[a-zA-Z0-9]{52}", "gsk_", "gl:groq"),
    Family("perplexity-key", r"pplx-[a-zA-Z0-9]{48}", "pplx-", "gl:perplexity"),
    Family("xai-key", r"xai-[a-zA-Z0-9]{80}", "xai-", "doc:xai"),
    Family("nvidia-key", r"nvapi-[\w-]{64}", "nvapi-", "doc:nvidia"),
    Family("replicate-token", r"r8_[A-Za-z0-9]{37}", "r8_", "doc:replicate"),
    Family("huggingface-token", r"hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z0-9]{30,}", "hf_|api_org_", "gl:huggingface"),
    Family("langsmith-key", r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", "lsv2_", "gl:langsmith"),
    Family("elevenlabs-key", r"sk_[a-f0-9]{48}", "sk_", "doc:elevenlabs"),
    Family("zhipu-api-key", r"[0-9a-f]{32}\.[A-Za-z0-9]{16}", "", "doc:zhipu"),
    # Tools, observability and others
    Family("grafana-token", r"eyJrIjoi[A-Za-z0-9]{70,400}={0,3}|glc_[A-Za-z0-9+/]{32,400}={0,3}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}", "eyjrijoi|glc_|glsa_", "gl:grafana"),
    Family("sentry-token", r"sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_]{60,}", "sntryu_|sntrys_", "gl:sentry"),
    Family("new-relic-key", r"NR(?:AK|II|JS|AA|RA)-[\w-]{19,42}", "nrak-|nrii-|nrjs-|nraa-|nrra-", "gl:newrelic"),
    Family("datadog-token", r"dd(?:pat|sat|app)_[A-Za-z0-9]{20,}", "ddpat_|ddsat_|ddapp_", "doc:datadog"),
    Family("posthog-personal-key", r"phx_[a-zA-Z0-9]{43}", "phx_", "doc:posthog"),
    Family("mapbox-secret-token", r"sk\.eyJ[\w.-]{50,}", "sk.eyj", "gl:mapbox"),
    Family("linear-key", r"lin_(?:api|oauth)_[a-zA-Z0-9]{40,64}", "lin_api_|lin_oauth_", "gl:linear"),
    Family("notion-token", r"ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}", "ntn_|secret_", "doc:notion"),
    Family("airtable-pat", r"pat[a-zA-Z0-9]{14}\.[a-f0-9]{64}", "pat", "doc:airtable"),
    Family("asana-pat", r"[0-2]/\d{13,16}(?:/\d{13,16})?:[a-f0-9]{32}", "", "gl:asana"),
    Family("contentful-token", r"CFPAT-[\w-]{43}", "cfpat-", "gl:contentful"),
    Family("typeform-token", r"tfp_[\w.=-]{59}", "tfp_", "gl:typeform"),
    Family("readme-token", r"rdme_[a-z0-9]{70}", "rdme_", "gl:readme"),
    Family("postman-token", r"PMAK-[a-zA-Z0-9]{24}-[a-zA-Z0-9]{34}", "pmak-", "gl:postman"),
    Family("frameio-token", r"fio-u-[\w=-]{64}", "fio-u-", "gl:frameio"),
    Family("figma-token", r"figd_[\w-]{40,}", "figd_", "doc:figma"),
    Family("adobe-secret", r"p8e-[a-zA-Z0-9]{32}", "p8e-", "gl:adobe"),
    Family("age-secret-key", r"AGE-SECRET-KEY-1[0-9A-Z]{58}", "age-secret-key-1", "doc:age"),
    Family("1password-token", r"ops_eyJ[a-zA-Z0-9+/]{250,}={0,3}", "ops_", "doc:1password"),
    Family("1password-secret-key", r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}", "a3-", "gl:1password"),
    Family("authress-key", r"(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120}", "sc_|ext_|scauth_|authress_", "gl:authress"),
    Family("maxmind-key", r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk", "_mmk", "gl:maxmind"),
    Family("settlemint-token", r"sm_(?:aat|pat|sat)_[a-zA-Z0-9]{16}", "sm_aat|sm_pat|sm_sat", "gl:settlemint"),
    Family("intra42-secret", r"s-s4t2(?:ud|af)-[a-f0-9]{64}", "s-s4t2", "gl:intra42"),
    Family("yandex-api-key", r"AQVN[A-Za-z0-9_-]{35,38}", "aqvn", "gl:yandex"),
    Family("twitter-bearer-token", r"A{22}[a-zA-Z0-9%]{80,100}", "aaaaaaaaaaaaaaaaaaaa", "gl:twitter"),
    Family("dropbox-token", r"sl\.[\w-]{130,}", "sl.", "gl:dropbox"),
    Family("private-key-base64", r"LS0tLS1CRUdJTi[A-Za-z0-9+/]{0,40}?(?:UFJJVkFURSBLRV|BSSVZBVEUgS0VZ|QUklWQVRFIEtFW)[A-Za-z0-9+/]{20,}={0,2}", "ls0tls1crudjti", "doc:pem"),
    Family("jwt", r"eyJ[A-Za-z0-9_-]{10,}={0,2}\.(?:eyJ[A-Za-z0-9_/\\-]{10,}|[A-Za-z0-9_-]{2,})={0,2}\.(?:[A-Za-z0-9_/\\-]{10,}={0,2})?", "eyj", "gl:jwt"),
    Family("jwt-base64", r"ZXlK[A-Za-z0-9+/]{60,}={0,2}", "zxlk", "gl:jwt"),
    # CI servers, package registries and tools, from Nosey Parker's and TruffleHog's rule sets
    Family("jenkins-encrypted-secret", r"\{AQAAABAAAA[A-Za-z0-9+/]{16,}={0,2}\}", "{aqaaabaaaa", "doc:jenkins"),
    Family("nuget-key", r"oy2[a-z0-9]{43}", "oy2", "doc:nuget"),
    Family("teamcity-token", r"eyJ0eXAiOiAiVENWMiJ9\.[\w-]{36}\.[\w-]{48}", "eyj0exaiojaivenwmij9.", "np:teamcity"),
    Family("crates-io-token", r"cio[a-zA-Z0-9]{32}", "cio", "np:crates.io"),
    Family("dependency-track-key", r"odt_[A-Za-z0-9]{32,}", "odt_", "np:dependency_track"),
    Family("stackhawk-key", r"hawk\.[\w-]{20}\.[\w-]{20}", "hawk.", "np:stackhawk"),
    Family("tavily-key", r"tvly-(?:dev-|prod-)?[a-zA-Z0-9]{32}", "tvly-", "np:tavily"),
    Family("firecrawl-key", r"fc-[a-f0-9]{32}", "fc-", "np:firecrawl"),
    Family("jina-key", r"jina_[a-f0-9]{32}[\w-]{28}", "jina_", "np:jina"),
    Family("salesforce-token", r"00D[0-9A-Za-z]{12,15}![0-9A-Za-z._]{80,}", "00d", "np:salesforce"),
    Family("bitbucket-app-password", r"ATBB[a-zA-Z0-9]{32}", "atbb", "th:bitbucketapppassword"),
    Family("netlify-token", r"nfp_[a-zA-Z0-9]{36}", "nfp_", "th:netlify"),
    Family("volcengine-access-key", r"AKLT[A-Za-z0-9_-]{40,60}", "aklt", "doc:volcengine"),
    Family("amazon-mws-token", r"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "amzn.mws.", "np:aws"),
    Family("launchdarkly-key", r"(?:api|sdk|mob)-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}", "api-|sdk-|mob-", "th:launchdarkly"),
    Family("pixie-key", r"px-(?:dep|api)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}", "px-dep-|px-api-", "np:newrelic"),
    Family("apify-token", r"apify_api_[A-Za-z0-9]{36}", "apify_api_", "th:apify"),
    Family("adafruit-io-key", r"aio_[a-zA-Z0-9]{28}", "aio_", "np:adafruitio"),
    Family("cloudflare-api-key", r"cfk_[A-Za-z0-9]{40,60}", "cfk_", "th:cloudflareglobalapikey"),
    Family("langfuse-key", r"sk-lf-" + UUID, "sk-lf-", "doc:langfuse"),
)  # fmt: skip

NAMED: tuple[Named, ...] = (
    Named("heroku-api-key", UUID, "heroku", "gl:heroku"),
    Named("postmark-token", UUID, "postmark", "np:postmark"),
    Named("railway-token", UUID, "railway", "th:railwayapp"),
    Named("kubernetes-bootstrap-token", r"[a-z0-9]{6}\.[a-z0-9]{16}", "bootstrap", "np:kubernetes"),
    Named("hubspot-api-key", UUID, "hubspot", "gl:hubspot"),
    Named("snyk-token", UUID, "snyk", "gl:snyk"),
    Named("squarespace-token", UUID, "squarespace", "gl:squarespace"),
    Named("sendbird-token", UUID + "|[a-f0-9]{40}", "sendbird", "gl:sendbird"),
    Named("kucoin-key", UUID + "|[a-f0-9]{24}", "kucoin", "gl:kucoin"),
    Named("messagebird-key", UUID + "|[a-zA-Z0-9]{25}", "messagebird|message_bird|message-bird", "gl:messagebird"),
    Named("adafruit-key", r"[a-zA-Z0-9_-]{32}", "adafruit", "gl:adafruit"),
    Named("adobe-client-id", HEX32, "adobe", "gl:adobe"),
    Named("airtable-key", r"[a-zA-Z0-9]{17}", "airtable", "gl:airtable"),
    Named("algolia-key", r"[a-zA-Z0-9]{32}", "algolia", "gl:algolia"),
    Named("alibaba-secret", r"[a-zA-Z0-9]{30}", "alibaba|aliyun", "gl:alibaba"),
    Named("asana-secret", r"[a-zA-Z0-9]{32}|\d{16}", "asana", "gl:asana"),
    Named("atlassian-token", r"[a-zA-Z0-9]{24}", "atlassian|confluence|jira", "gl:atlassian"),
    Named("aws-secret-key", B64 + r"{40}", "aws", "doc:aws"),
    Named("azure-key", HEX32 + r"|[A-Za-z0-9+/]{86}==", "azure", "gl:azure"),
    Named("beamer-token", r"b_[a-zA-Z0-9=_-]{44}", "beamer", "gl:beamer"),
    Named("bitbucket-secret", r"[a-zA-Z0-9=_-]{32}|[a-zA-Z0-9=_-]{64}", "bitbucket", "gl:bitbucket"),
    Named("bittrex-key", r"[a-zA-Z0-9]{32}", "bittrex", "gl:bittrex"),
    Named("cloudflare-key", r"[a-zA-Z0-9_-]{40}|[a-f0-9]{37}", "cloudflare", "gl:cloudflare"),
    Named("codecov-token", r"[a-zA-Z0-9]{32}|" + UUID, "codecov", "gl:codecov"),
    Named("cohere-key", r"[a-zA-Z0-9]{40}", "cohere|co_api_key", "gl:cohere"),
    Named("coinbase-token", r"[a-zA-Z0-9_-]{64}", "coinbase", "gl:coinbase"),
    Named("confluent-key", r"[a-zA-Z0-9]{16}|[a-zA-Z0-9+/]{64}", "confluent", "gl:confluent"),
    Named("contentful-token", r"[a-zA-Z0-9=_-]{43}", "contentful", "gl:contentful"),
    Named("datadog-key", r"[a-zA-Z0-9]{32}|[a-zA-Z0-9]{40}", "datadog|dd_api|dd_app", "gl:datadog"),
    Named("discord-secret", r"[a-fA-F0-9]{64}|[a-zA-Z0-9=_-]{32}|\d{17,19}", "discord", "gl:discord"),
    Named("droneci-token", r"[a-zA-Z0-9]{32}", "droneci|drone", "gl:droneci"),
    Named("dropbox-key", r"[a-zA-Z0-9]{15}|[a-zA-Z0-9]{11}AAAAAAAAAA[\w=-]{43}", "dropbox", "gl:dropbox"),
    Named("etsy-token", r"[a-zA-Z0-9]{24}", "etsy", "gl:etsy"),
    Named("facebook-secret", HEX32, "facebook|fb_app", "gl:facebook"),
    Named("fastly-token", r"[a-zA-Z0-9=_-]{32}", "fastly", "gl:fastly"),
    Named("finicity-secret", r"[a-zA-Z0-9]{20}|[a-f0-9]{32}", "finicity", "gl:finicity"),
    Named("finnhub-token", r"[a-zA-Z0-9]{20}", "finnhub", "gl:finnhub"),
    Named("flickr-token", r"[a-zA-Z0-9]{32}", "flickr", "gl:flickr"),
    Named("freshbooks-token", r"[a-zA-Z0-9]{64}", "freshbooks", "gl:freshbooks"),
    Named("gitter-token", r"[a-zA-Z0-9_-]{40}", "gitter", "gl:gitter"),
    Named("gocardless-token", r"live_[\w=-]{40}", "gocardless", "gl:gocardless"),
    Named("intercom-token", r"[a-zA-Z0-9=_-]{60}", "intercom", "gl:intercom"),
    Named("jfrog-key", r"[a-zA-Z0-9]{64}|[a-zA-Z0-9]{73}", "jfrog|artifactory|bintray|xray", "gl:jfrog"),
    Named("kraken-token", r"[a-zA-Z0-9/=_+-]{80,90}", "kraken", "gl:kraken"),
    Named("launchdarkly-token", r"[a-zA-Z0-9=_-]{40}|(?:api|sdk|mob)-" + UUID, "launchdarkly", "gl:launchdarkly"),
    Named("linear-secret", HEX32, "linear", "gl:linear"),
    Named("linkedin-secret", r"[a-zA-Z0-9]{14}|[a-zA-Z0-9]{16}", "linkedin|linked_in|linked-in", "gl:linkedin"),
    Named("lob-key", r"(?:live|test)_(?:pub_)?[a-f0-9]{31,35}", "lob", "gl:lob"),
    Named("mailgun-key", r"(?:key|pubkey)-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}", "mailgun", "gl:mailgun"),
    Named("mapbox-token", r"pk\.[a-zA-Z0-9]{60}\.[a-zA-Z0-9]{22}", "mapbox", "gl:mapbox"),
    Named("mattermost-token", r"[a-zA-Z0-9]{26}", "mattermost", "gl:mattermost"),
    Named("netlify-token", r"[a-zA-Z0-9=_-]{40,46}", "netlify", "gl:netlify"),
    Named("new-relic-user-id", r"[a-zA-Z0-9]{64}", "newrelic|new_relic|new-relic", "gl:newrelic"),
    Named("nytimes-token", r"[a-zA-Z0-9=_-]{32}", "nytimes|newyorktimes", "gl:nytimes"),
    Named("okta-token", r"00[\w=-]{40}", "okta", "gl:okta"),
    Named("plaid-secret", r"[a-zA-Z0-9]{24}|[a-zA-Z0-9]{30}", "plaid", "gl:plaid"),
    Named("privateai-token", r"[a-zA-Z0-9]{32}", "privateai|private_ai|private-ai", "gl:privateai"),
    Named("rapidapi-token", r"[a-zA-Z0-9_-]{50}", "rapidapi", "gl:rapidapi"),
    Named("sentry-token", r"[a-f0-9]{64}", "sentry", "gl:sentry"),
    Named("sonar-token", r"[a-zA-Z0-9=_-]{40}", "sonar", "gl:sonar"),
    Named("sumologic-key", r"su[a-zA-Z0-9]{12}|[a-zA-Z0-9]{64}", "sumo", "gl:sumologic"),
    Named("travisci-token", r"[a-zA-Z0-9]{22}", "travis", "gl:travisci"),
    Named("twitch-token", r"[a-zA-Z0-9]{30}", "twitch", "gl:twitch"),
    Named("twitter-secret", r"[a-zA-Z0-9]{25}|[a-zA-Z0-9]{45}|[a-zA-Z0-9]{50}|\d{15,25}-[a-zA-Z0-9]{20,40}", "twitter", "gl:twitter"),
    Named("twilio-auth-token", HEX32, "twilio", "gl:twilio"),
    Named("yandex-token", r"t1\.[\w-]+=*\.[\w-]{86}=*|YC[a-zA-Z0-9_-]{38}", "yandex", "gl:yandex"),
    Named("cisco-meraki-key", r"[0-9a-f]{40}", "meraki", "gl:cisco"),
    Named("looker-secret", r"[a-zA-Z0-9]{20,24}", "looker", "gl:looker"),
    Named("sidekiq-secret", r"[a-f0-9]{8}:[a-f0-9]{8}", "contribsys", "gl:sidekiq"),
    Named("softlayer-key", r"[a-z0-9]{64}", "softlayer", "ds:softlayer"),
    Named("ibm-cloud-key", r"[a-zA-Z0-9_-]{44}|[a-f0-9]{48}", "ibm|bluemix|cloud_iam|cos_hmac", "ds:ibm_cloud_iam"),
    Named("zendesk-secret", r"[a-zA-Z0-9]{40}", "zendesk", "gl:zendesk"),
    Named("azure-devops-pat", r"[a-z2-7]{52}|[A-Za-z0-9]{84}", "azure_devops|azuredevops|ado_|vsts", "gl:azure"),
    Named("wechat-secret", HEX32, "wechat|weixin|wx_app|wxapp", "doc:wechat"),
    Named("feishu-app-secret", r"[a-zA-Z0-9]{32}", "feishu|lark", "doc:feishu"),
    Named("dingtalk-app-secret", r"[\w-]{40,64}", "dingtalk|dingding", "doc:dingtalk"),
    Named("tencent-secret-key", r"[a-zA-Z0-9]{32}", "tencent|qcloud", "doc:tencent"),
)  # fmt: skip
