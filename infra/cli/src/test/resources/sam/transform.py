"""Transforms template.yaml with the AWS SAM translator, offline, and prints what a deployment would create.

    python3 transform.py TEMPLATE [Name=Value ...] [--code-uri s3://bucket/key]
    python3 transform.py TEMPLATE --variants '{"name": {"parameters": {...}, "codeUri": "s3://..."}, ...}'

prints, as JSON (one object, or one per variant under its name):

    resources  logical id -> type of every resource of the transformed template
    versions   function logical id -> {"logicalId": its AWS::Lambda::Version's logical id,
               "createOnly": the version's create-only properties (per the CloudFormation resource schema
               cfn-lint bundles), with the template's parameters substituted}
    roles      role logical id -> {"managedPolicyArns": [...], "actions": [...], "resources": [...]}

A new version is published when the version's logical id changes (a new resource) or when one of its
create-only properties changes (CloudFormation replaces the resource). Local CodeUri and DefinitionUri
are replaced by S3 URIs, as `sam package` does; nothing leaves this machine: managed policy names are
resolved from the map bundled with samtranslator and the region is fixed.
"""

import copy
import json
import os
import re
import sys

import yaml

os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")

from samtranslator.intrinsics.resolver import IntrinsicsResolver  # noqa: E402
from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.arn_generator import ArnGenerator  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402

REGION = os.environ["AWS_DEFAULT_REGION"]
DEFAULT_CODE_URI = "s3://sam-managed-bucket/function-zip-md5"


class OfflineSession:
    """What the translator asks a boto3 session for: the region."""

    region_name = REGION


class CloudFormationLoader(yaml.SafeLoader):
    """Reads the short forms (!Ref, !Sub, !GetAtt ...) as their long forms."""


def _tag(loader, tag_suffix, node):
    name = "Ref" if tag_suffix == "Ref" else "Fn::" + tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CloudFormationLoader.add_multi_constructor("!", _tag)


def version_create_only_properties():
    try:
        from cfnlint.schema.manager import PROVIDER_SCHEMA_MANAGER
    except ImportError:
        sys.exit("cfn-lint is needed for the resource schema of AWS::Lambda::Version: pip install cfn-lint")
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, "AWS::Lambda::Version").schema
    return [p.split("/")[-1] for p in schema["createOnlyProperties"]]


def parameter_values(template, overrides):
    values = {}
    for name, definition in template.get("Parameters", {}).items():
        if "Default" in definition:
            values[name] = definition["Default"]
    values.update(overrides)
    # CloudFormation hands parameters to the transform as strings.
    return {name: str(value) for name, value in values.items()}


def package(template, code_uri):
    """What `sam package` does to the template: local artifacts become S3 locations."""
    template = copy.deepcopy(template)
    if "CodeUri" in template.get("Globals", {}).get("Function", {}):
        template["Globals"]["Function"]["CodeUri"] = code_uri
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and "CodeUri" in properties:
            properties["CodeUri"] = code_uri
        if resource.get("Type") == "AWS::Serverless::StateMachine" and "DefinitionUri" in properties:
            properties["DefinitionUri"] = "s3://sam-managed-bucket/definition-md5"
    return template


def resolved(value, resolver):
    """The value with parameters substituted; a Fn::Sub left without variables becomes its string."""
    value = resolver.resolve_parameter_refs(copy.deepcopy(value))
    if isinstance(value, dict) and list(value) == ["Fn::Sub"] and isinstance(value["Fn::Sub"], str) \
            and "${" not in value["Fn::Sub"]:
        return value["Fn::Sub"]
    return value


def text(value):
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def as_list(value):
    return value if isinstance(value, list) else [value]


def transform(template, overrides, code_uri, create_only):
    parameters = parameter_values(template, overrides)
    ArnGenerator.BOTO_SESSION_REGION_NAME = REGION
    translator = Translator(None, Parser(), boto_session=OfflineSession())
    output = translator.translate(
        package(template, code_uri),
        parameter_values=dict(parameters),
        get_managed_policy_map=lambda: {},  # no IAM ListPolicies: the bundled map knows AWS's policies
    )
    resources = output["Resources"]
    bad = [logical_id for logical_id in resources if not re.fullmatch(r"[A-Za-z0-9]+", logical_id)]
    if bad:
        sys.exit(f"logical ids must be alphanumeric: {bad}")
    resolver = IntrinsicsResolver(
        dict(parameters, **{"AWS::Region": REGION, "AWS::Partition": "aws", "AWS::AccountId": "123456789012"}))
    versions = {}
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::Lambda::Version":
            function = resource["Properties"]["FunctionName"]["Ref"]
            properties = resource["Properties"]
            versions[function] = {
                "logicalId": logical_id,
                "createOnly": {p: resolved(properties[p], resolver) for p in create_only if p in properties},
            }
    roles = {}
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::IAM::Role":
            properties = resource["Properties"]
            statements = [st for policy in properties.get("Policies", [])
                          for st in as_list(policy["PolicyDocument"]["Statement"])]
            roles[logical_id] = {
                "managedPolicyArns": [text(arn) for arn in properties.get("ManagedPolicyArns", [])],
                "actions": sorted({action for st in statements for action in as_list(st["Action"])}),
                "resources": [text(r) for st in statements for r in as_list(st.get("Resource", []))],
            }
    return {
        "resources": {logical_id: resource["Type"] for logical_id, resource in resources.items()},
        "versions": versions,
        "roles": roles,
    }


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    with open(argv[0], encoding="utf-8") as f:
        template = yaml.load(f, Loader=CloudFormationLoader)  # noqa: S506 (a SafeLoader subclass)
    create_only = version_create_only_properties()
    overrides, code_uri, variants = {}, DEFAULT_CODE_URI, None
    args = iter(argv[1:])
    for arg in args:
        if arg == "--code-uri":
            code_uri = next(args)
        elif arg == "--variants":
            variants = json.loads(next(args))
        elif "=" in arg:
            name, value = arg.split("=", 1)
            overrides[name] = value
        else:
            sys.exit(f"unknown argument {arg}\n{__doc__}")
    if variants is None:
        result = transform(template, overrides, code_uri, create_only)
    else:
        result = {name: transform(template, variant.get("parameters", {}), variant.get("codeUri", DEFAULT_CODE_URI),
                                  create_only)
                  for name, variant in variants.items()}
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
