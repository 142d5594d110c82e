import { everyRequestListIsBounded } from "@hr/testing";
import { describe } from "vitest";
import * as requests from "../src/api/requests";

describe("request schemas", () => everyRequestListIsBounded(requests));
