"""Cases built from TruffleHog's detector pattern tests: the inputs the tests in
trufflesecurity/trufflehog feed to each detector (folder pkg/detectors/<name>/, file
<name>_test.go), with fmt.Sprintf expanded and Go raw strings unindented, and the secret the
detector captures replaced by {S}; where a test only formats a secret it fetches at run time
("You can find a <name> secret %s within"), the shape comes from the detector's regex in
<name>.go. Look-alikes are the tests' expected-nothing inputs that hold no credential.
"""

SOURCE = "TruffleHog's detector tests: https://github.com/trufflesecurity/trufflehog/tree/main/pkg/detectors"
CASES: list[tuple[str, str, str, str]] = [
    # (kind, where, template, shape)
    (
        "abyssale",
        "abyssale/abyssale_test.go",
        "[INFO] Sending request to abyssale API\n"
        "[DEBUG] Using API_KEY={S}\n"
        "[INFO] Response received: 200 OK",
        "[A-Za-z0-9]{40}",
    ),
    (
        "abyssale",
        "abyssale/abyssale_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{abyssale}</id>\n"
        "  <secret>{abyssale AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[A-Za-z0-9]{40}",
    ),
    (
        "adafruitio",
        "adafruitio/adafruitio_test.go",
        "[INFO] Sending request to the API\n"
        "[DEBUG] Using API_KEY={S}\n"
        "[INFO] Response received: 200 OK",
        "aio_[A-Za-z0-9]{28}",
    ),
    (
        "adafruitio",
        "adafruitio/adafruitio_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{adafruitio}</id>\n"
        "  <secret>{AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "aio_[A-Za-z0-9]{28}",
    ),
    (
        "amplitude",
        "amplitudeapikey/amplitudeapikey_test.go",
        "[INFO] Sending request to the API\n"
        "[DEBUG] Using amplitude Key=3f9a0c7e21b84d56a0e9c3b7f1d24e68\n"
        "[DEBUG] Using amplitude Secret={S}\n"
        "[INFO] Response received: 200 OK",
        "\\h{32}",
    ),
    (
        "amplitude",
        "amplitudeapikey/amplitudeapikey_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{amplitude 7b2e94d0c6a1f3855e0d7c4a9b3f6e12}</id>\n"
        "  <secret>{amplitude AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "\\h{32}",
    ),
    ("apify", "apify/apify_test.go", "{S}", "apify_api_[A-Za-z0-9]{36}"),
    (
        "appfollow",
        "appfollow/appfollow_test.go",
        "appfollow credential: {S}",
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.[A-Za-z0-9]{74}.[A-Za-z0-9]{43}",
    ),
    (
        "atera",
        "atera/atera_test.go",
        "[INFO] Sending request to the atera API\n"
        "[DEBUG] Using Key={S}\n"
        "[INFO] Response received: 200 OK",
        "[a-z0-9]{32}",
    ),
    (
        "atera",
        "atera/atera_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{atera}</id>\n"
        "  <secret>{AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[a-z0-9]{32}",
    ),
    (
        "auth0-management-api-token",
        "auth0managementapitoken/auth0managementapitoken_test.go",
        "auth0:\n apiToken: {S} \n domain: Truffle-security.org.auth0.com",
        "ey[A-Za-z0-9_]{2001}",
    ),
    (
        "autoklose",
        "autoklose/autoklose_test.go",
        "[INFO] Sending request to the autoklose API\n"
        "[DEBUG] Using Key={S}\n"
        "[INFO] Response received: 200 OK",
        "[A-Za-z0-9\\-]{32}",
    ),
    (
        "autoklose",
        "autoklose/autoklose_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{autoklose}</id>\n"
        "  <secret>{AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[A-Za-z0-9\\-]{32}",
    ),
    (
        "aylien",
        "aylien/aylien_test.go",
        "# do not share these credentials\n"
        "aylien credentials:\n"
        "\taylien key: {S}\n"
        "\taylien id: q7m2x9ka\n"
        "# valid till Dec 2025",
        "[a-z0-9]{32}",
    ),
    (
        "aylien",
        "aylien/aylien_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{aylien b4nt8w1e}</id>\n"
        "  <secret>{aylien AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[a-z0-9]{32}",
    ),
    (
        "azure-cosmosdb",
        "azure_cosmosdb/azure_cosmosdb_test.go",
        "Cluster name: Cluster name must be at least 3 characters and at most 40 characters.\n"
        "Cluster name must only contain lowercase letters, numbers, and hyphens.\n"
        "The cluster name must not start or end in a hyphen.\n"
        "// config\n"
        "cosmosKey: {S}\n"
        "https://trufflesecurity-fake.documents.azure.com:443",
        "[A-Za-z0-9+/]{86}==",
    ),
    (
        "azure-cosmosdb",
        "azure_cosmosdb/azure_cosmosdb_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{mx41k7aq2zt9wd0ce5hn8rpu3.table.cosmos.azure.com}</id>\n"
        "  <secret>{AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[A-Za-z0-9+/]{86}==",
    ),
    (
        "azure-cosmosdb",
        "azure_cosmosdb/azure_cosmosdb_test.go",
        "Cluster name: Cluster name must be at least 3 characters and at most 40 characters.\n"
        "Cluster name must only contain lowercase letters, numbers, and hyphens.\n"
        "The cluster name must not start or end in a hyphen.\n"
        "// config\n"
        "cosmosKey: {S}\n"
        "https://trufflesecurity-fake.table.cosmos.azure.com:443",
        "[A-Za-z0-9+/]{86}==",
    ),
    (
        "azure-sas-token",
        "azuresastoken/azuresastoken_test.go",
        "AZURE_BLOB_SAS_TOKEN=sp=r&st=2025-03-04T07:24:52Z&se=2025-04-04T15:24:52Z&spr=https&sv=2022-11-02&sr=c&sig={S}\n"
        "AZURE_BLOB_SAS_URL=https://trufflesecurity.blob.core.windows.net/trufflesecurity",
        "[A-Za-z0-9]{43}%3D",
    ),
    (
        "azure-sas-token",
        "azuresastoken/azuresastoken_test.go",
        "AZURE_BLOB_SAS_TOKEN=sp=rcwl&st=2025-03-10T06:58:25Z&se=2025-03-10T14:58:25Z&sip=168.1.6.50&spr=https&sv=2022-11-02&sr=c&sig={S}\n"
        "AZURE_BLOB_SAS_URL=https://trufflesecurity.blob.core.windows.net/trufflesecurity",
        "[A-Za-z0-9]{43}%3D",
    ),
    (
        "azure-sas-token",
        "azuresastoken/azuresastoken_test.go",
        "AZURE_BLOB_SAS_TOKEN=sp=r&st=2025-03-04T07:24:52Z&se=2025-04-04T15:24:52Z&spr=https&sv=2022-11-02&sr=c&sig={S}\n"
        "AZURE_BLOB_SAS_URL=https://trufflesecurity.blob.core.windows.net/trufflesecurity/test_blob.txt",
        "[A-Za-z0-9]{43}%3D",
    ),
    (
        "betterstack",
        "betterstack/betterstack_test.go",
        "betterstack credentials: {S}",
        "[A-Za-z0-9]{24}",
    ),
    (
        "betterstack",
        "betterstack/betterstack_test.go",
        "func main() {\n"
        '\turl := "https://api.example.com/v1/resource"\n'
        '\treq, err := http.NewRequest("GET", url, http.NoBody)\n'
        '\treq.Header.Set("Authorization", "Bearer " + getbetterStackToken())\n'
        "}\n"
        'func getBetterStackToken() string{ return "{S}" }',
        "[A-Za-z0-9]{24}",
    ),
    (
        "bitly",
        "bitlyaccesstoken/bitlyaccesstoken_test.go",
        "bitly credentials: {S}",
        "[A-Za-z0-9]{40}",
    ),
    (
        "bitly",
        "bitlyaccesstoken/bitlyaccesstoken_test.go",
        "func main() {\n"
        '\turl := "https://api.example.com/v1/resource"\n'
        '\treq, err := http.NewRequest("GET", url, http.NoBody)\n'
        '\tbitlyToken := "{S}"\n'
        '\treq.Header.Set("Authorization", "Bearer " + bitlyToken)\n'
        "}",
        "[A-Za-z0-9]{40}",
    ),
    (
        "blitapp",
        "blitapp/blitapp_test.go",
        "func main() {\n"
        '\turl := "https://api.example.com/v1/resource"\n'
        '\treq, err := http.NewRequest("GET", url, http.NoBody)\n'
        '\tblitAppKey := "{S}"\n'
        '\treq.Header.Set("API-Key", blitAppKey)\n'
        "}",
        "[A-Za-z0-9_]{39}",
    ),
    (
        "blitapp",
        "blitapp/blitapp_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{blitapp}</id>\n"
        "  <secret>{blitapp AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[A-Za-z0-9_]{39}",
    ),
    (
        "box-oauth",
        "boxoauth/boxoauth_test.go",
        "box id = 'Xk3vQ9mTz1LbR7wNc5HpJ2sYd8GfA0eU' box secret = '{S}'",
        "[A-Za-z0-9]{32}",
    ),
    (
        "box-oauth",
        "boxoauth/boxoauth_test.go",
        "box id = 'pW4nT8yKc2ZrM6qBv0XsL9dHf3JgE7aU' box secret = '{S}' enterprise = '1234567890'",
        "[A-Za-z0-9]{32}",
    ),
    (
        "box-oauth",
        "boxoauth/boxoauth_test.go",
        "box id = 'Rg7uE2kWq5NyC9tAm1ZsV4hLb8XdP3oF' box secret = '{S}' enterprise = '1234567890' subject = '9876543210'",
        "[A-Za-z0-9]{32}",
    ),
    (
        "bugsnag",
        "bugsnag/bugsnag_test.go",
        "func main() {\n"
        '\turl := "https://api.example.com/v1/resource"\n'
        '\treq, err := http.NewRequest("GET", url, http.NoBody)\n'
        '\tbugsnagToken := "{S}"\n'
        '\treq.Header.Set("Authorization", "token " + bugsnagToken)\n'
        "}",
        "[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
    ),
    (
        "bugsnag",
        "bugsnag/bugsnag_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{bugsnag}</id>\n"
        "  <secret>{bugsnag AQAAABAAA {S}}</secret>\n"
        "  <description>configuration for production</description>\n"
        "  <creationDate>2023-05-18T14:32:10Z</creationDate>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
    ),
    (
        "censys",
        "censys/censys_test.go",
        "# Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "api:\n"
        '\tcensys_key: "{S}"\n'
        '\tcensys_user: "k7wq2mzr8tnx0dbe4hjc6yvs1pla9fgu3o-r"\n'
        "\tauth_type: Basic",
        "[A-Za-z0-9]{32}",
    ),
    (
        "checkvist",
        "checkvist/checkvist_test.go",
        "checkvist: {S} / testuser1005@example.com",
        "[A-Za-z0-9]{14}",
    ),
    (
        "clickhelp",
        "clickhelp/clickhelp_test.go",
        "# Configuration File: config.yaml\n"
        "api:\n"
        '\tuser_email: "test-user@clickhelp.co"\n'
        '\tkey: "{S}"\n'
        "\tportal: testingdev.try.clickhelp.co\n"
        "\tauth_type: Basic\n"
        '\tbase_url: "https://testing-dev.try.clickhelp.co/v1/user"\n'
        '\tauth_token: ""',
        "[A-Za-z0-9]{24}",
    ),
    (
        "clickhelp",
        "clickhelp/clickhelp_test.go",
        "<com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>\n"
        "  <scope>GLOBAL</scope>\n"
        "  <id>{test-user01@clickhelp.co}</id>\n"
        "  <secret>{AQAAABAAA {S}}</secret>\n"
        "  <portal>company-prod.clickhelp.co</portal>\n"
        "  <description>configuration for production</description>\n"
        "  <owner>jenkins-admin</owner>\n"
        "</com.cloudbees.plugins.credentials.impl.StringCredentialsImpl>",
        "[A-Za-z0-9]{24}",
    ),
    (
        "cliengo",
        "cliengo/cliengo_test.go",
        "# Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "api:\n"
        '\tauth_type: "API-Key"\n'
        '\tbase_url: "https://api.cliengo.com/v1/user?key={S}"',
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "cloudflare-global-api-key",
        "cloudflareglobalapikey/cloudflareglobalapikey_test.go",
        "cloudflare: {S} / testuser1005@example.com",
        "\\h{39}",
    ),
    (
        "cloudflare-global-api-key",
        "cloudflareglobalapikey/cloudflareglobalapikey_test.go",
        "some config: {S} / testuser1005@example.com",
        "cfk_[A-Za-z0-9]{48}",
    ),
    ("cloze", "cloze/cloze_test.go", "cloze: {S} / testuser1005@example.com", "\\h{32}"),
    (
        "coinbase-waas",
        "coinbase_waas/coinbase_waas_test.go",
        "{\n"
        '    "name": "organizations/3c9e1a52-7b4d-4f08-a6e2-91d5c0b87f34/apiKeys/e8a21f6c-05d9-4b73-9c1e-6fa4d2b03e58",\n'
        '    "privateKey": "{S}"\n'
        "}",
        r"-----BEGIN ECDSA PRIVATE KEY-----\\nMHcCAQEEI[A-Za-z0-9+/]{43}oAoGCCqGSM49\\nAwEHoUQDQgAE[A-Za-z0-9+/]{52}\\n[A-Za-z0-9+/]{34}==\\n-----END ECDSA PRIVATE KEY-----\\n",
    ),
    (
        "coinbase-waas",
        "coinbase_waas/coinbase_waas_test.go",
        "{\n"
        '\t"name": "organizations\\/a47f02e9-6c31-4d8b-b5e0-2d9c81f6a3b7\\/apiKeys\\/5b1d9e73-08fa-4c62-8e4b-c3a07d2f91e6",\n'
        '\t"principal": "f2c68a14-9d3e-5b07-a1c4-7e05b93d2f8a",\n'
        '\t"principalType": "USER",\n'
        '\t"privateKey": "{S}",\n'
        '\t"createTime": "2023-08-05T06:34:40.265235553Z",\n'
        '\t"projectId": "9e3b7c21-4a6f-4d05-8b19-e2f0c8a45d36"\n'
        "\t}",
        r"-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEI[A-Za-z0-9+/]{43}oAoGCCqGSM49\\nAwEHoUQDQgAE[A-Za-z0-9+/]{52}\\n[A-Za-z0-9+/]{34}==\\n-----END EC PRIVATE KEY-----\\n",
    ),
    (
        "contentful-personal-access-token",
        "contentfulpersonalaccesstoken/contentfulpersonalaccesstoken_test.go",
        'api:\n\tauth_type: "Bearer"\n\tcontentful_access_token: "{S}"',
        "CFPAT-[a-z0-9]{43}",
    ),
    (
        "convertkit",
        "convertkit/convertkit_test.go",
        "# Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "api:\n"
        '\tauth_type: "API-Key"\n'
        '\tconvertkit_key: "{S}"\n'
        '\tbase_url: "https://api.example.com/v1/forms?api-key=$convertapi_key"',
        "[A-Za-z]{22}",
    ),
    (
        "couchbase",
        "couchbase/couchbase_test.go",
        "api:\n"
        '\tauth_type: "Password"\n'
        '\tin: "Configuration"\n'
        '\tcouchbase_domain: "couchbases://cb.testing.cloud.couchbase.com"\n'
        '\tcouchbase_username: "usrK7w@q2"\n'
        '\tcouchbase_password: "{S}"\n'
        '\tbase_url: "https://$couchbase_domain/v1/user"',
        "[A-Za-z0-9+]{14}",
    ),
    (
        "doppler",
        "doppler/doppler_test.go",
        "# Documo Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "api:\n"
        '\tauth_type: "Bearer"\n'
        "\tapi_version: v1\n"
        '\tdoppler_secret: "{S}"',
        "dp.ct.[A-Za-z0-9]{44}",
    ),
    (
        "dropbox",
        "dropbox/dropbox_test.go",
        "# Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "api:\n"
        '\tauth_type: "Bearer"\n'
        "\tapi_version: v1\n"
        '\tdropbox_secret: "{S}"',
        "sl.[A-Za-z0-9_]{130}",
    ),
    (
        "endorlabs",
        "endorlabs/endorlabs_test.go",
        "endorlabs_key = 'endr+Qm4Tx8WvZ2kLp7Rn'\nendorlabs_secret = '{S}'",
        "endr+[A-Za-z0-9]{16}",
    ),
    (
        "freshdesk",
        "freshdesk/freshdesk_test.go",
        "[{\n"
        '\t"name": "FreshDesk",\n'
        '\t"type": "Detector",\n'
        '\t"verification_url": "https://api.example.com/example",\n'
        '\t"test_secrets": {\n'
        '\t\t"freshdesk_secret": "{S}",\n'
        '\t\t"freshdesk_uri": "api-nonprod.freshdesk.com"\n'
        "\t},",
        "[A-Za-z0-9]{20}",
    ),
    ("ftp", "ftp/ftp_test.go", "ftp://dlpuser:{S}@ftp.dlptest.com", "[A-Za-z0-9]{25}"),
    ("ftp", "ftp/ftp_test.go", "ftp://dlpuser:{S}@ftp.dlptest.com.badhost", "[A-Za-z0-9]{25}"),
    (
        "gcp-service-account",
        "gcp/gcp_test.go",
        "{\n"
        '  "type": "service_account",\n'
        '  "project_id": "api-7281940365517284091-654321",\n'
        '  "private_key_id": "9c4e17a2b05d83f6e1a94c27d08b5f3e6a1c7d94",\n'
        '  "private_key": "{S}",\n'
        '  "client_email": "unit-test-value@api-7281940365517284091-654321.iam.gserviceaccount.com",\n'
        '  "client_id": "104829371650283746195"\n'
        "}",
        r"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC[A-Za-z0-9+/]{32}\\n[A-Za-z0-9+/]{64}\\n[A-Za-z0-9+/]{64}\\n[A-Za-z0-9+/]{64}\\n[A-Za-z0-9+/]{22}==\\n-----END PRIVATE KEY-----\\n",
    ),
    (
        "github-oauth2",
        "github_oauth2/github_oauth2_test.go",
        "github = '4b7ePq2Lx9Wm1RtZc8Kd', '{S}'",
        "\\h{40}",
    ),
    (
        "groq",
        "groq/groq_test.go",
        "groq_token = '{S}'",
        "gsk_[A-Za-z0-9]{20}WGdyb3FY[A-Za-z0-9]{24}",
    ),
    ("harness", "harness/harness_test.go", "harness_token = '{S}'", "[A-Za-z0-9]{23}_[a-z0-9]{8}"),
    (
        "harness",
        "harness/harness_test.go",
        "harness_token1 = '{S}'\nharness_token2 = '7kQmRtZp2Lw9Xc4Vb8Nh1Jd_5e6f7a8b'",
        "[A-Za-z0-9]{23}_[a-z0-9]{8}",
    ),
    (
        "intra42",
        "intra42/intra42_test.go",
        "intra_client_secret = '{S}'",
        "s-s4t2ud-\\h{64}",
    ),
    (
        "jdbc",
        "jdbc/jdbc_test.go",
        '<component name="DataSourceManagerImpl" format="xml" multifile-model="true">\n'
        "\t<jdbc-driver>org.postgresql.Driver</jdbc-driver>\n"
        "\t<jdbc-url>(jdbc:mysql://testuser:{S}@tcp(localhost:1521)/testdb)</jdbc-url>\n"
        "\t<working-dir>$ProjectFileDir$</working-dir>\n"
        "</component>",
        "[A-Za-z0-9]{12}",
    ),
    (
        "jdbc",
        "jdbc/jdbc_test.go",
        "<jdbc-url>jdbc:postgresql://localhost:1521/testdb?sslmode=disable&password={S}&user=testuser&</jdbc-url>",
        "[A-Za-z0-9]{12}",
    ),
    (
        "jdbc",
        "jdbc/jdbc_test.go",
        "{\n"
        '\t"detector": "jdbc",\n'
        '\t"potential_matches": [\n'
        '\t\t"jdbc:postgresql://localhost:5432/mydb",\n'
        '\t\t"jdbc:mysql://user:{S}@host:3306/db?param=1",\n'
        '\t\t"jdbc:sqlite:/data/test.db",\n'
        "\t\t]\n"
        "\t\t}",
        "[A-Za-z0-9]{12}",
    ),
    ("klaviyo", "klaviyo/klaviyo_test.go", "klaviyo token = '{S}'", "pk_\\h{34}"),
    ("klaviyo", "klaviyo/klaviyo_test.go", "klaviyo token = '{S}'", "pk_[A-Za-z0-9]{6}_\\h{34}"),
    ("larksuite", "larksuite/larksuite_test.go", "larksuite_token = '{S}'", "t-[A-Za-z0-9]{20}"),
    ("larksuite", "larksuite/larksuite_test.go", "larksuite_token = '{S}'", "u-[A-Za-z0-9_.]{45}"),
    ("larksuite", "larksuite/larksuite_test.go", "larksuite_token = '{S}'", "a-[A-Za-z0-9]{20}"),
    (
        "launchdarkly",
        "launchdarkly/launchdarkly_test.go",
        "{S}",
        "api-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
    ),
    (
        "launchdarkly",
        "launchdarkly/launchdarkly_test.go",
        "{S}",
        "sdk-[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
    ),
    (
        "ldap",
        "ldap/ldap_test.go",
        'ldaps://127.0.0.1:389 bind \'OpenDSObject("ldaps://www", "ABC", "{S}", 123)\' pass \'Q:k$RM3~8:w:P$_:TZ7uh))j#x2m}E\' dQpLgTxzWeEfbVXBcMNRTBmpqrXBeDngLxs=',
        "[A-Za-z0-9]{16}",
    ),
    (
        "mailgun",
        "mailgun/mailgun_test.go",
        "mailgun 'Vb3Kq9ZxT1mWp7RcN2hLd8YsF4gJe6UaX0oQiM5tBvC3nKrZ8wPyE1jHs7LdG4fAq2TxM9Wc' pass '8e2f1a9c4b7d06e35f1c8a2b9d4e7f60-3a9c1e7b-4d2f8a6c' {S}",
        "key-[a-z0-9]{32}",
    ),
    (
        "meraki",
        "meraki/meraki_test.go",
        "meraki token = 'Information used in API calls for meraki\n"
        "Variable name | Initial Value\n"
        "apiKey |{S}\n"
        "baseUrl |https://api.meraki.com/api/v1\n"
        "organizationId |318274650918273645\n"
        "networkId |L_318274650918299012\n"
        "serial |'",
        "\\h{40}",
    ),
    (
        "mongodb",
        "mongodb/mongodb_test.go",
        "mongodb://agenda-live:{S}@agenda-live.mongo.cosmos.azure.com:10255/?retryWrites=false&ssl=true&replicaSet=globaldb&maxIdleTimeMS=120000&appName=@agenda-live@",
        "[A-Za-z0-9+/]{86}==",
    ),
    (
        "mongodb",
        "mongodb/mongodb_test.go",
        "mongodb://myDBReader:{S}@mongodb0.example.com:27017/?authSource=admin",
        "[A-Za-z0-9]{16}",
    ),
    (
        "mongodb",
        "mongodb/mongodb_test.go",
        "mongodb://root:{S}@fastgpt-mongo-mongodb.ns-hti44k5d.svc:27017/",
        "[a-z0-9]{8}",
    ),
    (
        "newrelic-personal-api-key",
        "newrelicpersonalapikey/newrelicpersonalapikey_test.go",
        "newrelicpersonalapikey token = '{S}'",
        "[A-Z]{4}-[A-Za-z0-9_]{42}",
    ),
    (
        "newrelic-personal-api-key",
        "newrelicpersonalapikey/newrelicpersonalapikey_test.go",
        "newrelicpersonalapikey token = '{S}' | '{S}'",
        "[A-Z]{4}-[A-Za-z0-9_]{42}",
    ),
    (
        "npm-token",
        "npmtokenv2/npmtokenv2_test.go",
        "npmtokenv2 token = '{S}'",
        "npm_[A-Za-z0-9]{36}",
    ),
    (
        "npm-token",
        "npmtokenv2/npmtokenv2_test.go",
        "//artifactory.example.com/:_authToken={S}",
        "npm_[A-Za-z0-9]{36}",
    ),
    (
        "npm-token",
        "npmtokenv2/npmtokenv2_test.go",
        "registry=https://registry.example.com/\n//registry.example.com/:_authToken={S}",
        "npm_[A-Za-z0-9]{36}",
    ),
    ("nylas", "nylas/nylas_test.go", "nylas token = '{S}'", "[A-Za-z0-9]{30}"),
    ("nylas", "nylas/nylas_test.go", "nylas token = '{S}' | '{S}'", "[A-Za-z0-9]{30}"),
    (
        "openai",
        "openai/openai_test.go",
        "openai.api-key: {S}",
        "sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
    ),
    (
        "openai",
        "openai/openai_test.go",
        '"OPENAI_API_KEY = "{S}"',
        "sk-proj-[A-Za-z0-9_\\-]{58}T3BlbkFJ[A-Za-z0-9_\\-]{58}",
    ),
    (
        "openai",
        "openai/openai_test.go",
        'OPENAI_API_KEY = "{S}"',
        "sk-svcacct-[A-Za-z0-9_\\-]{45}T3BlbkFJ[A-Za-z0-9_\\-]{46}",
    ),
    (
        "openvpn",
        "openvpn/openvpn_test.go",
        "openvpn token - 'K-PqRtZx7WbNmca41527LQE.VzH3m'\n"
        "openvpn token - '{S}'\n"
        "openvpn token - 'https://tRqLbnZc8jWeKd2xpU4mHHsYqvCfa.api.openvpn.com'\n",
        "[A-Za-z0-9_\\-]{86}[A-Za-z0-9]",
    ),
    (
        "plaid",
        "plaidkey/plaidkey_test.go",
        "plaid secret - '{S}'\n"
        "plaid client id - '5f9c2ab81d7e4300a6c3be91'\n"
        "plaid token - 'access-sandbox-4b2e7f19-c3a8-4d56-9e01-7a3fc8d2b645'",
        "\\h{30}",
    ),
    (
        "pypi",
        "pypi/pypi_test.go",
        "pypi_token = '{S}'",
        "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{159}",
    ),
    (
        "railway",
        "railwayapp/railwayapp_test.go",
        "railwayapp token = '{S}'",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "railway",
        "railwayapp/railwayapp_test.go",
        "railway = '{S}'",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "railway",
        "railwayapp/railwayapp_test.go",
        "railwayapp token = '{S} | {S}'",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    ("readme", "readme/readme_test.go", "readme token = '{S}'", "rdme_[a-z0-9]{70}"),
    ("redis", "redis/redis_test.go", "redis://user:{S}@redis.com", "[a-z0-9]{16}"),
    (
        "saladcloud",
        "saladcloudapikey/saladcloudapikey_test.go",
        "api_key = '{S}'",
        "salad_cloud_org_[A-Za-z0-9]{49}",
    ),
    (
        "saladcloud",
        "saladcloudapikey/saladcloudapikey_test.go",
        "api_key = '{S}'",
        "salad_cloud_user_[A-Za-z0-9]{49}",
    ),
    (
        "sanity",
        "sanity/sanity_test.go",
        "Information used in API calls for sanity\n"
        "Variable name | Initial Value\n"
        "sanity auth token |{S}\n"
        "networkId |L_318274650918299012\n"
        "serial |",
        "sk[A-Za-z0-9]{79}",
    ),
    (
        "scrapingbee",
        "scrapingbee/scrapingbee_test.go",
        "class test{\n"
        "\n"
        '    private static string BASE_URL = @"https://app.scrapingbee.com/api/v1/";\n'
        '    private static string API_KEY = "{S}";\n'
        "\n"
        "    public static string Get(string url)",
        "[A-Z0-9]{80}",
    ),
    (
        "scrapingbee",
        "scrapingbee/scrapingbee_test.go",
        "client = ScrapingBeeClient(api_key='{S}')",
        "[A-Z0-9]{80}",
    ),
    (
        "scrapingbee",
        "scrapingbee/scrapingbee_test.go",
        '// Set base url & API key\n$BASE_URL = "https://app.scrapingbee.com/api/v1/?";\n$API_KEY = "{S}";',
        "[A-Z0-9]{80}",
    ),
    (
        "sendgrid",
        "sendgrid/sendgrid_test.go",
        "sendgrid token = '{S}'",
        "SG.[A-Za-z0-9_\\-]{21}.[A-Za-z0-9_\\-]{49}",
    ),
    (
        "sendgrid",
        "sendgrid/sendgrid_test.go",
        "sendgrid token = '{S}' | '{S}'",
        "SG.[A-Za-z0-9_\\-]{21}.[A-Za-z0-9_\\-]{49}",
    ),
    (
        "sendbird-organization-api",
        "sendbirdorganizationapi/sendbirdorganizationapi_test.go",
        "sendbirdorganizationapi token = '{S}'",
        "\\h{24}",
    ),
    (
        "sendbird-organization-api",
        "sendbirdorganizationapi/sendbirdorganizationapi_test.go",
        "sendbirdorganizationapi token = '{S}' | '{S}'",
        "\\h{24}",
    ),
    (
        "sentry-org-token",
        "sentryorgtoken/sentryorgtoken_test.go",
        'sentry_token := {S}\nreq.Header.Set("Authorization", fmt.Sprintf("Bearer %s", sentry_token))',
        "sntrys_eyJ[A-Za-z0-9]{151}==_[A-Za-z0-9+/]{43}",
    ),
    (
        "sentry-org-token",
        "sentryorgtoken/sentryorgtoken_test.go",
        "sentry_token := {S}",
        "sntrys_eyJ[A-Za-z0-9+/]{177}",
    ),
    (
        "shutterstock-oauth",
        "shutterstockoauth/shutterstockoauth_test.go",
        "shutterstockoauth token = '{S}'",
        "v2/[A-Za-z0-9]{388}",
    ),
    (
        "shutterstock-oauth",
        "shutterstockoauth/shutterstockoauth_test.go",
        "shutterstockoauth token = '{S}' | '{S}'",
        "v2/[A-Za-z0-9]{388}",
    ),
    (
        "snowflake",
        "snowflake/snowflake_test.go",
        "snowflake: \n account=wkbqzet-pr38261 \n username=Marlow4417 \n password={S} \n database=SNOWFLAKE",
        "[A-Za-z0-9!]{14}",
    ),
    (
        "snowflake",
        "snowflake/snowflake_test.go",
        "snowflake: \n account=wkbqzet-pr38261.privatelink \n username=Marlow4417 \n password={S} \n database=SNOWFLAKE",
        "[A-Za-z0-9!]{14}",
    ),
    (
        "splunk-observability-token",
        "splunkobservabilitytoken/splunkobservabilitytoken_test.go",
        "splunkobservabilitytoken token = '{S}'",
        "[A-Za-z0-9]{22}",
    ),
    (
        "splunk-observability-token",
        "splunkobservabilitytoken/splunkobservabilitytoken_test.go",
        "splunkobservabilitytoken token = '{S}' | '{S}'",
        "[A-Za-z0-9]{22}",
    ),
    (
        "sqlserver",
        "sqlserver/sqlserver_test.go",
        'sql - builder.Services.AddDbContext<Database>(optionsBuilder => optionsBuilder.UseSqlServer("Server=localhost;Initial Catalog=master;User ID=sa;Password={S};Persist Security Info=true;MultipleActiveResultSets=true;"));',
        "[A-Za-z0-9@!]{12}",
    ),
    (
        "sqlserver",
        "sqlserver/sqlserver_test.go",
        '{"ConnectionStrings": {"Demo": "Server=localhost;Initial Catalog=master;User ID=sa;Password={S};Persist Security Info=true;MultipleActiveResultSets=true;"}}',
        "[A-Za-z0-9@!]{12}",
    ),
    (
        "sqlserver",
        "sqlserver/sqlserver_test.go",
        '<add name="Sample2" value="SERVER=server_name;DATABASE=database_name;user=user_name;pwd={S};encrypt=true;Timeout=120;MultipleActiveResultSets=True;" />',
        "[A-Za-z0-9@!]{12}",
    ),
    ("sslmate", "sslmate/sslmate_test.go", "sslmate token = '{S}'", "[A-Za-z0-9]{36}"),
    ("sslmate", "sslmate/sslmate_test.go", "sslmate token = '{S}' | '{S}'", "[A-Za-z0-9]{36}"),
    (
        "telnyx",
        "telnyx/telnyx_test.go",
        "telnyx token = '{S}'",
        "KEY[A-Za-z0-9_\\-]{54}[A-Za-z0-9]",
    ),
    (
        "telnyx",
        "telnyx/telnyx_test.go",
        "telnyx token = '{S}' | '{S}'",
        "KEY[A-Za-z0-9_\\-]{54}[A-Za-z0-9]",
    ),
    (
        "tickettailor",
        "tickettailor/tickettailor_test.go",
        "tickettailor token = '{S}'",
        "sk_\\d{4}_\\d{6}_\\h{32}",
    ),
    (
        "tickettailor",
        "tickettailor/tickettailor_test.go",
        "tickettailor token = '{S}' | '{S}'",
        "sk_\\d{4}_\\d{6}_\\h{32}",
    ),
    (
        "uri",
        "uri/uri_test.go",
        "You can find a uri secret https://httpwatch:{S}@www.httpwatch.com/httpgallery/authentication/authenticatedimage/default.aspx within",
        "[A-Za-z0-9]{10}",
    ),
    (
        "uri",
        "uri/uri_test.go",
        "You can find a uri secret https://user:{S}@www.httpwatch.com/httpgallery/authentication/authenticatedimage/default.aspx within",
        "[A-Za-z0-9]{10}",
    ),
    (
        "voiceflow",
        "voiceflow/voiceflow_test.go",
        "// z0MG IT'S NOT A SECRET (but we'll delete it)\n"
        'const API_KEY = "{S}"; // it should look like this: VF.DM.XXXXXXX.XXXXXX... keep this a secret!',
        "VF.DM.\\h{24}.[A-Za-z0-9]{16}",
    ),
    (
        "voiceflow",
        "voiceflow/voiceflow_test.go",
        "const runtime = useRuntime({\n"
        "  verify: { authorization: '{S}' },\n"
        "  session: { userID: 'user_123' },\n"
        "});",
        "VF.DM.\\h{24}.[A-Za-z0-9]{16}",
    ),
    (
        "voiceflow",
        "voiceflow/voiceflow_test.go",
        "API_KEY = '{S}'\nVERSION_ID = '646bc'",
        "VF.DM.\\h{24}.[A-Za-z0-9]{16}",
    ),
    ("webflow", "webflow/webflow_test.go", "webflow token = '{S}'", "[A-Za-z0-9]{64}"),
    ("webflow", "webflow/webflow_test.go", "webflow token = '{S}' | '{S}'", "[A-Za-z0-9]{64}"),
    ("xai", "xai/xai_test.go", "xai_token = '{S}'", "xai-[A-Za-z0-9]{80}"),
    (
        "xai",
        "xai/xai_test.go",
        "grok_token1 = '{S}'\n"
        "xai_token2 = 'xai-Qm7Rt2Zx9Lp4Wc8Vb1Nh6Jd3Ks5Fg0Ay2Ue7Io9Pl4Mk8Nj1Bh5Gv3Cf6Dx0Sz2Aw7Eq9Rt4Yu1Ii8Oo'",
        "xai-[A-Za-z0-9]{80}",
    ),
    (
        "anthropic",
        "anthropic/anthropic_test.go",
        "You can find a anthropic secret {S} within",
        "sk-ant-api03-[A-Za-z0-9_\\-]{93}AA",
    ),
    (
        "stripe",
        "stripe/stripe_test.go",
        "You can find a stripe secret {S} within",
        "sk_live_[A-Za-z0-9]{24}",
    ),
    (
        "slack",
        "slack/slack_test.go",
        "You can find a slack secret {S} within",
        "xoxb-\\d{12}-\\d{13}-[A-Za-z0-9]{24}",
    ),
    (
        "slack-webhook",
        "slackwebhook/slackwebhook_test.go",
        "You can find a slackwebhook secret {S} within",
        "https://hooks.slack.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{8}/[A-Za-z0-9]{24}",
    ),
    (
        "twilio",
        "twilio/twilio_test.go",
        "You can find a twillio secret {S} within awsId ACe7a3c91f05b84d26a1c8f3e0b97d2a54",
        "\\h{32}",
    ),
    (
        "heroku",
        "heroku/heroku_test.go",
        "You can find a heroku secret {S} within",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "huggingface",
        "huggingface/huggingface_test.go",
        "You can find a huggingface secret {S} within",
        "hf_[A-Za-z]{34}",
    ),
    (
        "grafana",
        "grafana/grafana_test.go",
        "You can find a grafana secret {S} within",
        "glc_[A-Za-z0-9+/]{99}[A-Za-z0-9]",
    ),
    (
        "okta",
        "okta/okta_test.go",
        "You can find a okta secret {S} within oktaDomain dev-48213907.okta.com",
        "00[A-Za-z0-9_\\-]{39}[A-Za-z0-9]",
    ),
    (
        "notion",
        "notion/notion_test.go",
        "You can find a notion secret {S} within",
        "secret_[A-Za-z0-9]{43}",
    ),
    (
        "postman",
        "postman/postman_test.go",
        "You can find a postman secret {S} within",
        "PMAK-\\h{24}-\\h{34}",
    ),
    (
        "pulumi",
        "pulumi/pulumi_test.go",
        "You can find a pulumi secret {S} within",
        "pul-[a-z0-9]{40}",
    ),
    (
        "vercel",
        "vercel/vercel_test.go",
        "You can find a vercel secret {S} within",
        "[A-Za-z0-9]{24}",
    ),
    (
        "shopify",
        "shopify/shopify_test.go",
        "You can find a shopify secret {S} domain https://acme-demo-shop.myshopify.com",
        "shpat_\\h{32}",
    ),
    (
        "mapbox",
        "mapbox/mapbox_test.go",
        "You can find a mapbox secret {S} within https://api.mapbox.com/tokens/v2/acme-maps",
        "sk.eyJ1Ijoi[A-Za-z0-9]{60}.[A-Za-z0-9\\-]{21}[A-Za-z0-9]",
    ),
    ("circleci", "circleci/circleci_test.go", "You can find a circle secret {S} within", "\\h{40}"),
    (
        "telegram-bot-token",
        "telegrambottoken/telegrambottoken_test.go",
        "You can find a telegrambottoken secret {S} within",
        "\\d{10}:[A-Za-z0-9_\\-]{34}[A-Za-z0-9]",
    ),
    (
        "terraform-cloud-token",
        "terraformcloudpersonaltoken/terraformcloudpersonaltoken_test.go",
        "You can find a terra secret {S} within",
        "[A-Za-z0-9]{14}.atlasv1.[A-Za-z0-9]{67}",
    ),
    (
        "terraform-cloud-token",
        "terraformcloudpersonaltoken/terraformcloudpersonaltoken_test.go",
        '{\n  "credentials": {\n    "app.terraform.io": {\n      "token": "{S}"\n    }\n  }\n}',
        "[A-Za-z0-9]{14}.atlasv1.[A-Za-z0-9]{67}",
    ),
    (
        "sourcegraph",
        "sourcegraph/sourcegraph_test.go",
        "You can find a sourcegraph secret {S} within",
        "sgp_\\h{16}_\\h{40}",
    ),
    (
        "postgres",
        "postgres/postgres_test.go",
        "You can find a postgres secret {S} within",
        "[A-Za-z0-9]{23}_[A-Za-z0-9]{8}",
    ),
    (
        "databricks-token",
        "databrickstoken/databrickstoken_test.go",
        "You can find a databrickstoken secret {S} within databricks domain dbc-4f2a9c1e-7b3d.cloud.databricks.com",
        "dapi\\h{32}",
    ),
    (
        "digitalocean",
        "digitaloceanv2/digitaloceanv2_test.go",
        "You can find a digitaloceanv2 secret {S} within",
        "dop_v1_\\h{64}",
    ),
    (
        "azure-container-registry",
        "azurecontainerregistry/azurecontainerregistry_test.go",
        "You can find a azurecontainerregistry secret acmeregistry.azurecr.io and {S} within",
        "[A-Za-z0-9]{52}",
    ),
    (
        "airtable",
        "airtableapikey/airtableapikey_test.go",
        "You can find a airtableapikey secret {S} within airtable https://api.airtable.com/v0/appQx7Lm2Rt9Kp4Zw/Projects",
        "key[A-Za-z0-9]{14}",
    ),
    (
        "algolia-admin-key",
        "algoliaadminkey/algoliaadminkey_test.go",
        "You can find a algolia secret {S} within algolia K7Q2M9XZ4B",
        "[A-Za-z0-9]{32}",
    ),
    (
        "asana",
        "asanaoauth/asanaoauth_test.go",
        "You can find a asana secret {S} within",
        "1/\\d{16}:\\h{32}",
    ),
    (
        "browserstack",
        "browserstack/browserstack_test.go",
        "You can find a browserstack secret {S} within browserstack janedoe_Xk4Pq9",
        "[A-Za-z0-9]{20}",
    ),
    (
        "pagerduty",
        "pagerdutyapikey/pagerdutyapikey_test.go",
        "You can find a pagerdutyapikey secret {S} within",
        "[a-z]\\+[A-Za-z]{9}\\-[a-z]{2}\\-[a-z0-9]{5}",
    ),
    (
        "opsgenie",
        "opsgenie/opsgenie_test.go",
        "You can find a opsgenie secret {S} within",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "ngrok",
        "ngrok/ngrok_test.go",
        "You can find a ngrok secret {S} within",
        "2[A-Za-z0-9]{26}_\\d[A-Za-z0-9]{20}",
    ),
    (
        "tailscale",
        "tailscale/tailscale_test.go",
        "You can find a tailscaleapi secret {S} within",
        "tskey-api-[A-Za-z0-9]{13}-[A-Za-z0-9]{33}",
    ),
    (
        "supabase",
        "supabasetoken/supabasetoken_test.go",
        "You can find a supabasetoken secret {S} within",
        "sbp_[a-z0-9]{40}",
    ),
    (
        "rubygems",
        "rubygems/rubygems_test.go",
        "You can find a rubygems secret {S} within",
        "rubygems_[a-z0-9]{48}",
    ),
    (
        "microsoft-teams-webhook",
        "microsoftteamswebhook/microsoftteamswebhook_test.go",
        "You can find a microsoftteamswebhook secret {S} within",
        "https://[a-z]{8}.webhook.office.com/webhookb2/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}@\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}/IncomingWebhook/\\h{32}/\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "zendesk",
        "zendeskapi/zendeskapi_test.go",
        "You can find a zendesk secret {S} within zendesk supportdesk@acmecorp.com with zendesk acmecorp.zendesk.com",
        "[A-Za-z0-9]{40}",
    ),
    (
        "twitch",
        "twitch/twitch_test.go",
        "You can find a twitch secret {S} within twitch k3x9q7w2m5n8p1r4t6y0u2i4o6a8sd",
        "[a-z0-9]{30}",
    ),
    (
        "twitter-consumer-key",
        "twitterconsumerkey/twitterconsumerkey_test.go",
        "You can find a twitter key Hq4Vz8Lm2Tx6Rb9Nw3Kc7Pd1F and secret {S} within",
        "[A-Za-z0-9]{50}",
    ),
    (
        "trello",
        "trelloapikey/trelloapikey_test.go",
        "You can find a trello secret within https://api.trello.com/1/members/me?key=9f3b7c1e5a2d8f4b6c0e1a7d3b9f5c2e&token={S}",
        "[A-Za-z0-9]{64}",
    ),
    (
        "yelp",
        "yelp/yelp_test.go",
        "You can find a yelp secret {S} within",
        "[A-Za-z0-9_\\-]{127}[A-Za-z0-9]",
    ),
    (
        "youtube-api-key",
        "youtubeapikey/youtubeapikey_test.go",
        "You can find a youtube secret {S} within youtube UCx7Kq2Lm9Zp4Rt8Wv3Nb6Jd",
        "AIza[A-Za-z0-9_\\-]{34}[A-Za-z0-9]",
    ),
    (
        "line-notify",
        "linenotify/linenotify_test.go",
        "You can find a linenotify secret {S} within",
        "[A-Za-z0-9]{43}",
    ),
    (
        "lokalise",
        "lokalisetoken/lokalisetoken_test.go",
        "You can find a lokalisetoken secret {S} within",
        "[a-z0-9]{40}",
    ),
    (
        "mattermost-personal-token",
        "mattermostpersonaltoken/mattermostpersonaltoken_test.go",
        "You can find a mattermost secret {S} within mattermost server acme.cloud.mattermost.com",
        "[a-z0-9]{26}",
    ),
    (
        "planetscale-db",
        "planetscaledb/planetscaledb_test.go",
        "You can find a planetscaledb secret q8w3e7r2t6y1u5i9o4p0 {S} aws.connect.psdb.cloud",
        "pscale_pw_[A-Za-z0-9_]{42}[A-Za-z0-9]",
    ),
    (
        "onelogin",
        "onelogin/onelogin_test.go",
        "You can find a onelogin secret={S} within onelogin id 7c2e9a4f1b8d3e6a0f5c9b2d7e4a1f8c3b6d9e2a5f0c7b4e1d8a3f6c9b2e5a7d",
        "[a-z0-9]{64}",
    ),
    (
        "paypal-oauth",
        "paypaloauth/paypaloauth_test.go",
        "You can find a paypaloauth secret {S} within AbCd3Ef-Gh5Ij7Kl9Mn1Op3Qr5St7Uv9Wx1Yz3Ab5Cd7Ef9Gh1Ij3Kl5Mn7Op9Qr1St3Uv5Wx7Yz9Ab1",
        "E[A-Za-z0-9_\\-]{78}[A-Za-z0-9]",
    ),
    (
        "shortcut",
        "shortcut/shortcut_test.go",
        "You can find a shortcut secret {S} within",
        "\\h{8}-\\h{4}-\\h{4}-\\h{4}-\\h{12}",
    ),
    (
        "todoist",
        "todoist/todoist_test.go",
        "You can find a todoist secret {S} within",
        "[a-z0-9]{40}",
    ),
    (
        "uptimerobot",
        "uptimerobot/uptimerobot_test.go",
        "You can find a uptimerobot secret {S} within",
        "[A-Za-z0-9]{9}-[A-Za-z0-9]{24}",
    ),
    (
        "saucelabs",
        "saucelabs/saucelabs_test.go",
        "You can find a saucelabs secret {S} within saucelabs id jdoe_qa but verified",
        "[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}",
    ),
    ("infura", "infura/infura_test.go", "You can find a infura secret {S} within", "[a-z0-9]{32}"),
    (
        "etherscan",
        "etherscan/etherscan_test.go",
        "You can find a etherscan secret {S} within",
        "[A-Z0-9]{34}",
    ),
    (
        "nexmo",
        "nexmoapikey/nexmoapikey_test.go",
        "You can find a nexmoapikey secret {S} within https://rest.nexmo.com/account/get-balance?api_key=f3k9x2q7",
        "[A-Za-z0-9]{16}",
    ),
    (
        "gocardless",
        "gocardless/gocardless_test.go",
        "You can find a gocardless secret {S} within",
        "live_[A-Za-z0-9_\\-]{40}",
    ),
    (
        "flutterwave",
        "flutterwave/flutterwave_test.go",
        "You can find a flutterwave secret {S} within",
        "FLWSECK-[a-z0-9]{32}-X",
    ),
    (
        "coveralls",
        "coveralls/coveralls_test.go",
        "You can find a coveralls secret {S} within",
        "[A-Za-z0-9]{37}",
    ),
]
LOOKALIKES: list[tuple[str, str]] = [
    # (where, text)
    (
        "coinbase_waas/coinbase_waas_test.go",
        r"""const (
	// apiKeyName is the name of the API Key to use. Fill this out before running the main function.
	apiKeyName = "organizations/my-organization/apiKeys/my-api-key"

	// privKeyTemplate is the private key of the API Key to use. Fill this out before running the main function.
	privKeyTemplate = "-----BEGIN EC PRIVATE KEY-----\nmy-private-key\n-----END EC PRIVATE KEY-----\n"
)""",
    ),
    (
        "coinbase_waas/coinbase_waas_test.go",
        r"""{
    "name": "organizations/organizationID/apiKeys/apiKeyName",
    "privateKey": "-----BEGIN ECDSA Private Key-----ExamplePrivateKey-----END ECDSA Private Key-----\n"
}""",
    ),
    (
        "contentfulpersonalaccesstoken/contentfulpersonalaccesstoken_test.go",
        "# Configuration File: config.yaml\n"
        "database:\n"
        "\thost: $DB_HOST\n"
        "\tport: $DB_PORT\n"
        "\tusername: $DB_USERNAME\n"
        "\tpassword: $DB_PASS  # IMPORTANT: Do not share this password publicly\n"
        "\n"
        "api:\n"
        '\tauth_type: "Bearer"\n'
        '\tin: "Header"\n'
        '\tcontentful_access_token: "CFPAT-"\n'
        '\tbase_url: "https://api.example.com/v1/user"',
    ),
    ("ftp/ftp_test.go", "file://user:pass@foo.com:123/wh/at/ever"),
    (
        "ftp/ftp_test.go",
        "ftp://abc:123@ftp.freebsd.org/pub/FreeBSD/doc/tr/articles/explaining-bsd/explaining-bsd_tr.pdf",
    ),
    (
        "gcp/gcp_test.go",
        r""""gcp_secret": {
	"type": "service_account",
	"project_id": "my-test-project",
	"private_key_id": "abc12345def67890ghi",
	"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----\n",
	"client_email": "my-test-project@my-gcp-project.iam.gserviceaccount.com",
	"client_id": "123456789012345678901",
	"auth_uri": "https://accounts.google.com/o/oauth2/auth",
	"token_uri": "https://oauth2.googleapis.com/token"
}""",
    ),
    (
        "jdbc/jdbc_test.go",
        "<jdbc-url>jdbc:sqlserver://x.x.x.x:1433;databaseName=MY-DB;user=MY-USER;password=MY-PASSWORD;encrypt=false</jdbc-url>",
    ),
    (
        "jdbc/jdbc_test.go",
        "<jdbc-url>jdbc:postgresql://#{uri.host}#{uri.path}?user=#{uri.user}</jdbc-url>",
    ),
    (
        "jdbc/jdbc_test.go",
        "<jdbc-url>jdbc:sqlserver://localhost:1433;databaseName=AdventureWorks</jdbc-url>",
    ),
    ("jdbc/jdbc_test.go", "<jdbc-url>jdbc:postgresql://localhost:5432/postgres</jdbc-url>"),
    (
        "jdbc/jdbc_test.go",
        "{\n"
        '\t"detector": "jdbc",\n'
        '\t"false_positives": [\n'
        '\t\t"jdbc:xyz:short",\n'
        '\t\t"somejdbc:mysql://host/db",\n'
        '\t\t"jdbc:invalid_driver:test",\n'
        '\t\t"jdbc:mysql://host/db>next",\n'
        '\t\t"adjdbc:mysql://host/db",\n'
        '\t\t"jdbc:my?ql:localhost:3306/my database"\n'
        "\t]\n"
        "}",
    ),
    ("mongodb/mongodb_test.go", "mongodb://mongodb0.example.com:27017/?replicaSet=myRepl"),
    (
        "mongodb/mongodb_test.go",
        "mongodb://username:@mongodb0.example.com:27017/?replicaSet=myRepl",
    ),
    (
        "mongodb/mongodb_test.go",
        "mongodb+srv://<user>:<password>@myMongoCluster.mongocluster.cosmos.azure.com",
    ),
    (
        "mongodb/mongodb_test.go",
        "mongodb://xxxx:xxxxx@xxxxxxx:3717/zkquant?replicaSet=mgset-3017917",
    ),
    (
        "mongodb/mongodb_test.go",
        "mongodb://xxxx:xxxxx@xxxxxxx:3717,xxxxxxx:3717/zkquant?replicaSet=mgset-3017917",
    ),
    ("mongodb/mongodb_test.go", "mongodb://username:password@localhost:27017/?authSource=admin"),
    ("mongodb/mongodb_test.go", "mongodb://db-user:db-password@mongodb-instance:27017/db-name"),
    ("sqlserver/sqlserver_test.go", "sql=some random text without connection string"),
    (
        "voiceflow/voiceflow_test.go",
        "Now, paste it in your .env file for the **VF_PROJECT_API** variable<br>\n"
        "```VF_PROJECT_API='VF.DM.62xxxxxxxxxxxxxxxxxxxxxxx'```",
    ),
    (
        "voiceflow/voiceflow_test.go",
        'const API_KEY: &str = "YOUR_API_KEY_HERE"; // it should look like this: VF.DM.XXXXXXX.XXXXXX... keep this a secret!',
    ),
]
