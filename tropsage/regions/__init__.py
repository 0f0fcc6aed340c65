"""
Linear regions: :class:`Region` objects and their enumeration.

``linear_regions(obj)`` gives the function regions of a tropical polynomial, rational
function or rational map (SPEC §3, Algorithm 4; see :mod:`tropsage.regions.tropical`).
"""

from tropsage.regions.region import Region, RegionList

__all__ = ["Region", "RegionList"]
