/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > file digests 1`] = `
Object {
  "bundles/patient-000001.json": "24c8accc55cdc6bf51901e4a7bfa3b76a596d04169d8a5236bd6babeafc0e2c9",
  "bundles/patient-000002.json": "5194df3fe8a8e522650a81e8766fdd90f8da03027721aeb6a02453add621ca08",
  "bundles/patient-000003.json": "a844fe7e5f5c8317197533d79214b636f52430c208bdd07bdb97081063c60ca8",
  "bundles/shared.json": "b15cc37f3e0320d97453a425d7610c2aa4837fcae432e1d61afd34a5e7f72253",
  "manifest.json": "713e3a87af408bd51c54e7d3269c77b379b7fff6eebcee77ed03a6c9336e9af7",
  "ndjson/AllergyIntolerance.ndjson": "8d11c407609a3eb98bf13a6982cc3fb4afddb6e11a9587114716ec874b8bb6ac",
  "ndjson/CarePlan.ndjson": "445c57a5f342279fa3bfd3ff8559d97a6435b874c4ebcff53cb99277cff9a444",
  "ndjson/CareTeam.ndjson": "7dfc1830f0c9ea97d20d8954377a0df5c82bfe34df58281b20eda5b8e6788f9c",
  "ndjson/Claim.ndjson": "8765aca51b6c29d595d667cd6c09dd6801aa28951a06baaaac42588145611d73",
  "ndjson/Condition.ndjson": "cf9e87235d1f8b5a4bba5826c99faf61d59ceb507e72c208535f35ee7b41ab35",
  "ndjson/Coverage.ndjson": "f5ce2cd3d496d6c0ab6b12b77e91aede0ffb09705c8e3d1efb9cfe151f9f6e57",
  "ndjson/DiagnosticReport.ndjson": "157ab04988b62c73f2359b2594277de3302145de9731bc094484962d76302ece",
  "ndjson/DocumentReference.ndjson": "3f71b5e1b9c92301ebd030137e79968c720723d66aca58453d53479cc978384c",
  "ndjson/Encounter.ndjson": "b6f53a76eed8e085916e7a802a2ab7c1b8a6fe3fa04cea0f57747880046bb692",
  "ndjson/ExplanationOfBenefit.ndjson": "7a83d134711d6168c4c13648ad44238701a951f4baffcbb67693d467c4603e80",
  "ndjson/Goal.ndjson": "fe732dacf4e74498e99c9068d77c6909d615fd76a7d30fa37d8abfe4301e92db",
  "ndjson/Immunization.ndjson": "8d46e44ba326ab5883c57715a696403766cba7716ee870aaa83ea9a2f1564de9",
  "ndjson/Location.ndjson": "fd1b4d7e125b786eb3251cacf026f98f3101db1793b794659f9dcb2fe2c6b7e0",
  "ndjson/Medication.ndjson": "c874ce998cf4e0b1f65249cac72c19f39a918a3f0a5c5565b814d85f0d517ef9",
  "ndjson/MedicationAdministration.ndjson": "239c689d889e2ae4db4839c5cf0c85f006ef580b88d1669d393685d490e12654",
  "ndjson/MedicationRequest.ndjson": "b64a6d482dfb50c0bcfb93947016c9a589155e99ef74bae7e3c717290423fe23",
  "ndjson/Observation.ndjson": "4f96511a2378164d84afc76639142d515d0873859cbc449967ccc756745c6bf0",
  "ndjson/Organization.ndjson": "4330bbf98ac406f76e33f72cee5a9fb11ed2bbcea978e07594d76221621a07b4",
  "ndjson/Patient.ndjson": "52e693e18a509de1cecf812a2518c4fb8543fd875faf2aa381f77219113a3c1b",
  "ndjson/Practitioner.ndjson": "16e3558a6ca97728a73bb3c9994808223d4fe62c7c2df4c6888ff283b6ab48e4",
  "ndjson/PractitionerRole.ndjson": "10273768bcf4886377ab083c14d5a4345939ae501db79566d7a5386f14ddc991",
  "ndjson/Procedure.ndjson": "cf47ba20fb03ad462900bb44af8bbf280ba5e1d75bd18a4dfd537b58424e3d40",
  "ndjson/Provenance.ndjson": "7b4192935e7b0a429180c27f6a04e893384eadf91b6fa4e494cc3df88a69d65b",
  "nlp/notes.ndjson": "8b02e94d0ac04eb4996a17cbe6d43f0559da88e86fbef6d55e5f6d37ed6a31cc",
}
`

exports[`test/generators/determinism.test.ts > TAP > GEN-DET-05: seeded snapshot of a small population > first patient 1`] = `
Object {
  "active": true,
  "address": Array [
    Object {
      "city": "South Trishaport",
      "country": "US",
      "line": Array [
        "67809 7th Street",
      ],
      "postalCode": "82776",
      "state": "WY",
      "use": "home",
    },
  ],
  "birthDate": "2010-09-25",
  "communication": Array [
    Object {
      "language": Object {
        "coding": Array [
          Object {
            "code": "es",
            "display": "Spanish",
            "system": "urn:ietf:bcp:47",
          },
        ],
      },
      "preferred": true,
    },
  ],
  "extension": Array [
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2106-3",
            "display": "White",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "White",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
    },
    Object {
      "extension": Array [
        Object {
          "url": "ombCategory",
          "valueCoding": Object {
            "code": "2186-5",
            "display": "Not Hispanic or Latino",
            "system": "urn:oid:2.16.840.1.113883.6.238",
          },
        },
        Object {
          "url": "text",
          "valueString": "Not Hispanic or Latino",
        },
      ],
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity",
    },
    Object {
      "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex",
      "valueCode": "M",
    },
  ],
  "gender": "male",
  "generalPractitioner": Array [
    Object {
      "display": "Andreane Runolfsson",
      "reference": "Practitioner/5c1599af-dc8b-4408-9f22-caa3c67661c3",
    },
  ],
  "id": "5f91a0ea-6960-4154-8f00-70a753a683c2",
  "identifier": Array [
    Object {
      "system": "https://shoreline.invalid/fhir/sid/mrn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "MR",
            "display": "Medical Record Number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "use": "usual",
      "value": "MRN00000001",
    },
    Object {
      "system": "http://hl7.org/fhir/sid/us-ssn",
      "type": Object {
        "coding": Array [
          Object {
            "code": "SS",
            "display": "Social Security number",
            "system": "http://terminology.hl7.org/CodeSystem/v2-0203",
          },
        ],
      },
      "value": "999-08-6239",
    },
    Object {
      "system": "urn:ietf:rfc:3986",
      "value": "urn:uuid:5f91a0ea-6960-4154-8f00-70a753a683c2",
    },
  ],
  "managingOrganization": Object {
    "display": "Daphneytown Family Health",
    "reference": "Organization/72d58fea-d63f-4e66-aab6-d945b8e1bc8c",
  },
  "maritalStatus": Object {
    "coding": Array [
      Object {
        "code": "S",
        "display": "Never Married",
        "system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
      },
    ],
  },
  "meta": Object {
    "profile": Array [
      "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient",
    ],
  },
  "name": Array [
    Object {
      "family": "Harris",
      "given": Array [
        "Henderson",
        "Sam",
      ],
      "use": "official",
    },
  ],
  "resourceType": "Patient",
  "telecom": Array [
    Object {
      "system": "phone",
      "use": "mobile",
      "value": "(885) 987-3834",
    },
    Object {
      "system": "email",
      "value": "henderson.harris90@example.com",
    },
  ],
}
`
