"""Tests of the migrations themselves: a database made by earlier code moves forward intact."""
